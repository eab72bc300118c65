/** The Lab: configure a run, start it, and watch policy and rules evolve. */
import { chooseModelDevice } from '../../core/llm/choose-device';
import { type ModelState, type ProbeState, useLabStore } from '../../store/lab-store';
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

/** The model's state in one sentence: the Lab loads the embedded model in the background (preloadModel). */
function modelSentence(model: ModelState): string {
  if (model.phase === 'loading') return `Loading ${model.modelId} (the Model view shows its files)…`;
  if (model.phase === 'failed') return `${model.modelId} could not be loaded (${model.message}): Start tries again.`;
  if (model.phase === 'none') return 'No model loaded: Start loads the one the run trains.';
  return `${model.model.id} is loaded on ${deviceName(model.model.device)} (${(model.model.loadMs / 1000).toFixed(1)} s).`;
}

export function LabView() {
  const probe = useLabStore((s) => s.probe);
  const model = useLabStore((s) => s.model);
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
          <p className="muted" data-testid="lab-model">
            {modelSentence(model)}
          </p>
        </article>
        <PlayPanel />
      </div>
    </section>
  );
}
