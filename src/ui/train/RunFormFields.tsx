/**
 * The run form's fields, each with its label and one line on what it does. Seed and episode budget
 * are selects of common values (a reopened run's own value is always among them).
 */
import { METHODS, type Method } from '../../core/learn/methods';
import { choicesWith, defaultRunForm, EMBEDDED_MODEL, EPISODE_CHOICES, FIELD_HELP, METHOD_HELP, type RunForm, SEED_CHOICES } from './run-form';

function Field({ label, help, children }: { label: string; help: string; children: React.ReactNode }) {
  return (
    <label className="run-field">
      <span>{label}</span>
      {children}
      <small className="muted">{help}</small>
    </label>
  );
}

export interface RunFormFieldsProps {
  form: RunForm;
  onChange(form: RunForm): void;
  disabled: boolean;
  /** The model loaded now, when it is not the embedded one (offered as a choice). */
  loadedHubModel: string | null;
}

export function RunFormFields({ form, onChange, disabled, loadedHubModel }: RunFormFieldsProps) {
  const set = <K extends keyof RunForm>(key: K, value: RunForm[K]) => onChange({ ...form, [key]: value });
  const number = (key: 'groupSize' | 'k' | 'evalEvery') => (e: React.ChangeEvent<HTMLInputElement>) => set(key, Number(e.target.value));
  const changeEnv = (env: RunForm['env']) => onChange({ ...form, env, heldOutLimit: defaultRunForm(env, form.method).heldOutLimit });
  const models = [EMBEDDED_MODEL, ...(loadedHubModel && loadedHubModel !== EMBEDDED_MODEL ? [loadedHubModel] : []), ...(form.modelId !== EMBEDDED_MODEL && form.modelId !== loadedHubModel ? [form.modelId] : [])];
  return (
    <fieldset className="run-form" disabled={disabled}>
      <legend className="visually-hidden">Run settings</legend>
      <Field label="Environment" help={FIELD_HELP.env}>
        <select aria-label="Environment" value={form.env} onChange={(e) => changeEnv(e.target.value as RunForm['env'])}>
          <option value="alfworld">ALFWorld</option>
          <option value="webshop">WebShop</option>
        </select>
      </Field>
      <Field label="Method" help={`${FIELD_HELP.method} ${form.method}: ${METHOD_HELP[form.method]}.`}>
        <select aria-label="Method" value={form.method} onChange={(e) => set('method', e.target.value as Method)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Seed" help={FIELD_HELP.seed}>
        <select aria-label="Seed" value={form.seed} onChange={(e) => set('seed', Number(e.target.value))}>
          {choicesWith(SEED_CHOICES, form.seed).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Episodes" help={FIELD_HELP.episodes}>
        <select aria-label="Episodes" value={form.episodes} onChange={(e) => set('episodes', Number(e.target.value))}>
          {choicesWith(EPISODE_CHOICES, form.episodes).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Group size" help={FIELD_HELP.groupSize}>
        <input aria-label="Group size" type="number" min={1} value={form.groupSize} onChange={number('groupSize')} />
      </Field>
      <Field label="Retrieval" help={FIELD_HELP.retrievalMode}>
        <select aria-label="Retrieval" value={form.retrievalMode} onChange={(e) => set('retrievalMode', e.target.value as RunForm['retrievalMode'])}>
          <option value="paper">paper</option>
          <option value="relevance">relevance</option>
        </select>
      </Field>
      <Field label="Rules in prompt (k)" help={FIELD_HELP.k}>
        <input aria-label="Rules in prompt (k)" type="number" min={0} value={form.k} onChange={number('k')} />
      </Field>
      <Field label="Held-out tasks" help={FIELD_HELP.heldOutLimit}>
        <input
          aria-label="Held-out tasks"
          type="number"
          min={1}
          placeholder="all"
          value={form.heldOutLimit ?? ''}
          onChange={(e) => set('heldOutLimit', e.target.value === '' ? null : Number(e.target.value))}
        />
      </Field>
      <Field label="Steps per episode" help={FIELD_HELP.maxSteps}>
        <input
          aria-label="Steps per episode"
          type="number"
          min={1}
          placeholder={form.env === 'alfworld' ? '50' : '15'}
          value={form.maxSteps ?? ''}
          onChange={(e) => set('maxSteps', e.target.value === '' ? null : Number(e.target.value))}
        />
      </Field>
      <Field label="Evaluate every (iterations)" help={FIELD_HELP.evalEvery}>
        <input aria-label="Evaluate every (iterations)" type="number" min={0} value={form.evalEvery} onChange={number('evalEvery')} />
      </Field>
      <Field label="Model" help={FIELD_HELP.modelId}>
        <select aria-label="Model" value={form.modelId} onChange={(e) => set('modelId', e.target.value)}>
          {models.map((id) => (
            <option key={id} value={id}>
              {id === EMBEDDED_MODEL ? `${id} (embedded)` : id}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Backend" help={FIELD_HELP.backend}>
        <select aria-label="Backend" value={form.backend} onChange={(e) => set('backend', e.target.value as RunForm['backend'])}>
          <option value="auto">auto</option>
          <option value="webgpu">WebGPU</option>
          <option value="wasm">WASM</option>
        </select>
      </Field>
    </fieldset>
  );
}
