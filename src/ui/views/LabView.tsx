/** The Lab: configure a run, start it, and watch policy and rules evolve. */
import { useLabStore } from '../../store/lab-store';
import { PlayPanel } from '../play/PlayPanel';
import { TrainPanel } from '../train/TrainPanel';

export function LabView() {
  const probe = useLabStore((s) => s.probe);
  return (
    <section>
      <div className="view-header">
        <h1>Lab</h1>
        <p className="muted">
          JERP trains an agent two ways from the same episodes: a policy update of the model's adapter (GRPO), and a revision of a natural-language
          rule pool by comparing failed and successful trajectories.
        </p>
      </div>
      <div className="cards">
        <TrainPanel />
        <article className="card">
          <h2>This browser</h2>
          <p data-testid="lab-backend">
            {probe.phase === 'done' ? `Model inference will run on ${probe.report.backend === 'webgpu' ? 'WebGPU' : 'WASM'}.` : 'Detecting the compute backend…'}
          </p>
        </article>
        <PlayPanel />
      </div>
    </section>
  );
}
