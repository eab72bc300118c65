/** The Lab: configure a run, start it, and watch policy and rules evolve. */
import { chooseModelDevice } from '../../core/llm/choose-device';
import { type ProbeState, useLabStore } from '../../store/lab-store';
import { PlayPanel } from '../play/PlayPanel';
import { TrainPanel } from '../train/TrainPanel';
import { deviceName } from '../components/device-name';

/** Where the model will run: the same choice the load makes (chooseModelDevice), with its reason. */
function backendSentence(probe: ProbeState): string {
  if (probe.phase === 'probing') return 'Detecting the compute backend…';
  if (probe.phase === 'failed') return `Backend detection failed (${probe.message}): the model will run on WASM.`;
  const choice = chooseModelDevice(probe.report);
  return `Model inference will run on ${deviceName(choice.device)}: ${choice.why}.`;
}

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
          <p data-testid="lab-backend">{backendSentence(probe)}</p>
        </article>
        <PlayPanel />
      </div>
    </section>
  );
}
