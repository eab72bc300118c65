/**
 * Adds a rule to the shown source. The draft belongs to the view: a refused add (empty, too long,
 * a duplicate in its scope) leaves it in the box to fix; only a successful add clears it.
 */
import { TASK_TYPES } from '../../core/envs/task-types';
import type { EnvKind } from '../../core/envs/types';

export interface RuleDraft {
  env: EnvKind;
  taskType: string;
  text: string;
  pinned: boolean;
}

interface Props {
  draft: RuleDraft;
  onChange(draft: RuleDraft): void;
  onAdd(): void;
  /** A run's pool holds one environment's rules: the choice is fixed then. */
  fixedEnv: EnvKind | null;
  busy: boolean;
}

export function AddRuleForm({ draft, onChange, onAdd, fixedEnv, busy }: Props) {
  const env = fixedEnv ?? draft.env;
  return (
    <form
      className="add-rule"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd();
      }}
    >
      <select value={env} disabled={fixedEnv !== null} onChange={(e) => onChange({ ...draft, env: e.target.value as EnvKind, taskType: '' })} aria-label="Rule environment">
        <option value="alfworld">ALFWorld</option>
        <option value="webshop">WebShop</option>
      </select>
      <select value={draft.taskType} onChange={(e) => onChange({ ...draft, taskType: e.target.value })} aria-label="Rule task type">
        <option value="">any task type</option>
        {TASK_TYPES[env].map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <textarea
        className="grow"
        rows={2}
        dir="auto"
        value={draft.text}
        onChange={(e) => onChange({ ...draft, text: e.target.value })}
        placeholder="When the task is to heat X: take X first, then go to the microwave…"
        aria-label="New rule text"
      />
      <label>
        <input type="checkbox" checked={draft.pinned} onChange={(e) => onChange({ ...draft, pinned: e.target.checked })} /> pin
      </label>
      <button type="submit" disabled={busy}>
        Add rule
      </button>
    </form>
  );
}
