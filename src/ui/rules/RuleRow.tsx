/**
 * One row of the rule table: the rule's text (isolated, so right-to-left text cannot reorder what
 * surrounds it), its scope and tags, its figures, and its actions. Editing happens in place; the
 * draft lives in the view (not here), so it survives a failed save and the row scrolling out of
 * the virtualized window.
 */
import type { PoolRule } from '../../core/rules/pool';
import { lift, successWith, successWithout } from './filter';

export interface RowActions {
  onEdit(rule: PoolRule): void;
  onDraft(text: string): void;
  onSave(rule: PoolRule): void;
  onCancel(): void;
  onPin(rule: PoolRule): void;
  onRemove(rule: PoolRule): void;
  onRestore(rule: PoolRule): void;
  onHistory(rule: PoolRule): void;
  /** A run's rule into the library (absent when the library is shown). */
  onKeep?(rule: PoolRule): void;
}

function percent(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)}%`;
}

function signedPoints(value: number | null): string {
  return value === null ? '–' : `${value >= 0 ? '+' : '−'}${Math.abs(Math.round(value * 100))}`;
}

interface Props extends RowActions {
  rule: PoolRule;
  /** The draft when this rule is being edited. */
  draft: string | null;
  busy: boolean;
  selected: boolean;
}

export function RuleRow({ rule, draft, busy, selected, ...actions }: Props) {
  const s = rule.stats;
  return (
    <div className={`rule-row${rule.pinned ? ' pinned' : ''}${selected ? ' selected' : ''}`} role="row" data-testid="rule" data-rule-id={rule.id}>
      <div className="rule-main" role="cell">
        <div className="rule-meta">
          <span className="tag rule-id">{rule.id}</span>
          <span className="tag">{rule.env}</span>
          <span className="tag">{rule.taskType ?? 'any task'}</span>
          <span className="tag" title="Origin">{rule.origin}</span>
          <span className="tag" title="Family">{rule.family}</span>
          {rule.status !== 'active' && <span className="tag status">{rule.status}</span>}
          {rule.pinned && <span className="tag pin">pinned</span>}
        </div>
        {draft !== null ? (
          <form
            className="rule-edit"
            onSubmit={(e) => {
              e.preventDefault();
              actions.onSave(rule);
            }}
          >
            <textarea value={draft} onChange={(e) => actions.onDraft(e.target.value)} aria-label={`Text of ${rule.id}`} rows={3} dir="auto" />
            <div className="rule-actions">
              <button type="submit" disabled={busy}>
                Save
              </button>
              <button type="button" onClick={actions.onCancel}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <p className="rule-text" dir="auto">
            <bdi>{rule.text}</bdi>
          </p>
        )}
      </div>
      <div className="rule-figures" role="cell">
        <span title="Importance (ExpeL counting)">★ {rule.importance}</span>
        <span title="Episodes with the rule in the prompt">{s.retrieved} retrievals</span>
        <span title="Success of episodes with the rule / of matched episodes without it">
          success {percent(successWith(rule))} with · {percent(successWithout(rule))} without{lift(rule) === null ? '' : ` (${signedPoints(lift(rule))} pts)`}
        </span>
        <span title="P(advised action) with the rule removed from the prompt">absorption {percent(s.absorption)}</span>
      </div>
      <div className="rule-actions" role="cell">
        {rule.status === 'active' ? (
          <>
            <button type="button" disabled={busy || draft !== null} onClick={() => actions.onEdit(rule)} aria-label={`Edit ${rule.id}`}>
              Edit
            </button>
            <button type="button" disabled={busy} onClick={() => actions.onPin(rule)} aria-label={`${rule.pinned ? 'Unpin' : 'Pin'} ${rule.id}`}>
              {rule.pinned ? 'Unpin' : 'Pin'}
            </button>
            <button type="button" disabled={busy} onClick={() => actions.onRemove(rule)} aria-label={`Delete ${rule.id}`}>
              Delete
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => actions.onRestore(rule)} aria-label={`Restore ${rule.id}`}>
            Restore
          </button>
        )}
        {actions.onKeep && (
          <button type="button" disabled={busy} onClick={() => actions.onKeep!(rule)} aria-label={`Keep ${rule.id} in the library`} title="Copy into the library (pinned), for new runs">
            To library
          </button>
        )}
        <button type="button" onClick={() => actions.onHistory(rule)} aria-label={`History of ${rule.id}`} aria-pressed={selected}>
          History
        </button>
      </div>
    </div>
  );
}
