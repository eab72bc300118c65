/**
 * The rule workbench. Two sources, one table: the pool of a chosen run (`#/rules/run/<runId>`;
 * edits go through the lab worker, so a training run sees them at its next decision) and the
 * library of a person's pinned and imported rules that new runs start from (`#/rules`). Search,
 * filters and sort are pure functions (rules/filter.ts); the table is virtualized. A person's
 * edits can be undone and redone (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z) as inverse edits; the learner's
 * operations cannot, and show their provenance in each rule's history instead.
 *
 * Text is always rendered as text (never markup) and isolated (`<bdi>`), so odd, hostile or
 * right-to-left rule text is shown as written without reordering what surrounds it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { findRule, type PoolRule, type PoolState } from '../../core/rules/pool';
import type { UserRuleEdit } from '../../core/rules/user-edits';
import { db } from '../../db/instance';
import { loadLibrary } from '../../db/rules-repo';
import { useTrainStore } from '../../store/train-store';
import { describeError, ErrorBanner } from '../components/ErrorBanner';
import { hrefFor, useRoute } from '../router';
import { AddRuleForm, type RuleDraft } from '../rules/AddRuleForm';
import { filterRules, NO_FILTER, prepareRules, type RuleFilter, type RuleSort } from '../rules/filter';
import { parseRuleFile, ruleFileOf } from '../rules/rule-file';
import { RuleTable } from '../rules/RuleTable';
import { RuleToolbar } from '../rules/RuleToolbar';
import { applyEdit, importRules, LIBRARY, type RuleSource, sourceKey } from '../rules/sources';
import { afterRedo, afterUndo, EMPTY_STACK, entryFor, nextRedo, nextUndo, pushEdit } from '../rules/undo';
import { useUndoStore } from '../rules/undo-store';
import { RuleHistory } from './RuleHistory';
import '../rules/rules.css';

const BUNDLED_PACKS = ['knowself_alfworld', 'knowself_webshop', 'reflexion_alfworld', 'reflexion_webshop'];

function sourceOf(rest: string[]): RuleSource {
  return rest[0] === 'run' && rest[1] ? { kind: 'run', runId: rest[1] } : LIBRARY;
}

/** The newer of the stored pool and the one an edit just returned (the live query catches up a moment later). */
function newest(stored: PoolState | null | undefined, returned: PoolState | null): PoolState | null | undefined {
  if (!returned) return stored;
  if (!stored) return returned;
  return returned.ops.length > stored.ops.length ? returned : stored;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function RulesView() {
  const route = useRoute();
  const source = sourceOf(route.rest);
  const key = sourceKey(source);
  const runs = useLiveQuery(() => db.runs.orderBy('createdAt').reverse().toArray(), []);
  const run = source.kind === 'run' ? runs?.find((r) => r.id === source.runId) : undefined;
  // The worker's commits do not always reach this page's live queries: re-read on each committed iteration too.
  const commits = useTrainStore((s) => s.commits);
  const stored = useLiveQuery(
    async () => ({ key, pool: source.kind === 'library' ? await loadLibrary(db) : ((await db.runPools.get(source.runId))?.pool ?? null) }),
    [key, commits],
  );
  const [returned, setReturned] = useState<{ key: string; pool: PoolState } | null>(null);
  const pool = newest(stored?.key === key ? stored.pool : undefined, returned?.key === key ? returned.pool : null);

  const [filter, setFilter] = useState<RuleFilter>(NO_FILTER);
  const [sort, setSort] = useState<RuleSort>({ key: 'importance', descending: true });
  const [draft, setDraft] = useState<RuleDraft>({ env: 'alfworld', taskType: '', text: '', pinned: false });
  const [editing, setEditing] = useState<{ ruleId: string; draft: string } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const stacks = useUndoStore((s) => s.stacks);
  const updateStack = useUndoStore((s) => s.update);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const stack = stacks[key] ?? EMPTY_STACK;

  // Sorted once per pool and sort; a keystroke only filters that list.
  const sorted = useMemo(() => (pool ? prepareRules(pool.rules, sort) : []), [pool, sort]);
  const visible = useMemo(() => filterRules(sorted, filter), [sorted, filter]);
  const fixedEnv = source.kind === 'run' ? (run?.config.env ?? null) : null;
  const where = source.kind === 'library' ? 'the library' : `run ${run?.name ?? source.runId}`;

  // A new source starts clean: no half-finished edit or selection carries over.
  useEffect(() => {
    setEditing(null);
    setSelectedId(null);
    setNotice(null);
    setError(null);
  }, [key]);

  /** Runs one action: the previous notice and error clear as it starts; its outcome replaces them. */
  const perform = async (work: () => Promise<string | void>): Promise<void> => {
    setNotice(null);
    setError(null);
    setBusy(true);
    try {
      const message = await work();
      if (message) setNotice(message);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  /** Applies a person's edit to a source and remembers it for undo there. */
  const edit = async (change: UserRuleEdit, target: RuleSource = source): Promise<string> => {
    const before = 'ruleId' in change && pool ? findRule(pool, change.ruleId) : undefined;
    const result = await applyEdit(target, change);
    const targetKey = sourceKey(target);
    setReturned({ key: targetKey, pool: result.pool });
    updateStack(targetKey, (stack) => pushEdit(stack, entryFor(change, result.ruleId, before)));
    return result.ruleId;
  };

  const replay = async (edits: UserRuleEdit[]): Promise<void> => {
    for (const e of edits) {
      const result = await applyEdit(source, e);
      setReturned({ key, pool: result.pool });
    }
  };

  const undo = () =>
    perform(async () => {
      const entry = nextUndo(stack);
      if (!entry) return 'Nothing of yours to undo here.';
      await replay(entry.undo);
      updateStack(key, afterUndo);
      return `Undid the ${entry.label}.`;
    });
  const redo = () =>
    perform(async () => {
      const entry = nextRedo(stack);
      if (!entry) return 'Nothing to redo.';
      await replay(entry.redo);
      updateStack(key, afterRedo);
      return `Redid the ${entry.label}.`;
    });

  // Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z, except while typing (there the browser undoes the typing).
  const shortcuts = useRef({ undo, redo, busy });
  shortcuts.current = { undo, redo, busy };
  const onKey = useCallback((e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' || isTyping(e.target)) return;
    e.preventDefault();
    if (shortcuts.current.busy) return;
    void (e.shiftKey ? shortcuts.current.redo() : shortcuts.current.undo());
  }, []);
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  /** Imports a rule file's text into the shown source; returns the notice. */
  const importText = async (text: string, fileName: string): Promise<string> => {
    if (!pool) throw new Error('The rules are still loading; try again in a moment.');
    const file = parseRuleFile(text, fileName);
    const wrongEnv = fixedEnv ? file.rules.filter((r) => r.env !== fixedEnv).length : 0;
    const rules = fixedEnv ? file.rules.filter((r) => r.env === fixedEnv) : file.rules;
    const outcome = await importRules(source, pool, rules, file.source);
    const parts = [`Imported ${outcome.added.length} rule${outcome.added.length === 1 ? '' : 's'} from ${file.source} into ${where}`];
    if (outcome.merged) parts.push(`${outcome.merged} already there (merged)`);
    if (wrongEnv) parts.push(`${wrongEnv} for another environment than this run's (${fixedEnv}) left out`);
    if (file.skipped.length) parts.push(`${file.skipped.length} skipped: ${file.skipped.slice(0, 3).map((s) => s.reason).join('; ')}`);
    return `${parts.join('; ')}.`;
  };

  const loadBundled = (name: string) =>
    perform(async () => {
      const response = await fetch(`data/rulepacks/${name}.json`);
      if (!response.ok) throw new Error(`Could not load ${name}.json (${response.status}).`);
      return importText(await response.text(), `${name}.json`);
    });

  const exportShown = () =>
    perform(async () => {
      const name = source.kind === 'library' ? 'library' : (run?.name ?? source.runId);
      const blob = new Blob([ruleFileOf(visible, name)], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `rules-${name}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      return `Exported ${visible.length} rule${visible.length === 1 ? '' : 's'}.`;
    });

  const actions = {
    onEdit: (rule: PoolRule) => {
      setNotice(null);
      setError(null);
      setEditing({ ruleId: rule.id, draft: rule.text });
    },
    onDraft: (text: string) => setEditing((e) => (e ? { ...e, draft: text } : e)),
    onCancel: () => setEditing(null),
    onSave: (rule: PoolRule) =>
      perform(async () => {
        if (!editing) return;
        await edit({ kind: 'edit', ruleId: rule.id, text: editing.draft });
        setEditing(null);
        return `Saved ${rule.id}.`;
      }),
    onPin: (rule: PoolRule) => perform(async () => `${rule.pinned ? 'Unpinned' : 'Pinned'} ${await edit({ kind: rule.pinned ? 'unpin' : 'pin', ruleId: rule.id })}.`),
    onRemove: (rule: PoolRule) => perform(async () => `Deleted ${await edit({ kind: 'remove', ruleId: rule.id })} (Undo brings it back; it stays in the history).`),
    onRestore: (rule: PoolRule) => perform(async () => `Restored ${await edit({ kind: 'restore', ruleId: rule.id })}.`),
    onHistory: (rule: PoolRule) => setSelectedId((id) => (id === rule.id ? null : rule.id)),
    ...(source.kind === 'run'
      ? {
          onKeep: (rule: PoolRule) =>
            perform(async () => {
              const id = await edit({ kind: 'add', env: rule.env, taskType: rule.taskType, text: rule.text, pinned: true }, LIBRARY);
              return `Kept ${rule.id} in the library as ${id} (pinned): new runs start from it.`;
            }),
        }
      : {}),
  };

  const add = () =>
    perform(async () => {
      const id = await edit({ kind: 'add', env: fixedEnv ?? draft.env, taskType: draft.taskType || null, text: draft.text, pinned: draft.pinned });
      setDraft((d) => ({ ...d, text: '' }));
      return `Added ${id}.`;
    });

  const unknownRun = source.kind === 'run' && runs !== undefined && !run;
  const selected = selectedId && pool ? findRule(pool, selectedId) : undefined;

  return (
    <section className="rules-view">
      <div className="view-header">
        <h1>Rules</h1>
        <p className="muted">
          A run's pool, or your library of rules that new runs start from. Pinned rules are always retrieved in their scope and are never changed by the learner.
        </p>
      </div>
      <div className="toolbar">
        <label>
          Source{' '}
          <select
            value={key}
            onChange={(e) => {
              window.location.hash = e.target.value === 'library' ? hrefFor('rules') : hrefFor('rules', 'run', e.target.value.slice('run:'.length));
            }}
          >
            <option value="library">Library (rules new runs start from)</option>
            {unknownRun && <option value={key}>unknown run {source.kind === 'run' ? source.runId : ''}</option>}
            {(runs ?? []).map((r) => (
              <option key={r.id} value={`run:${r.id}`}>
                Run {r.name} ({r.status}, iteration {r.iteration}/{r.totalIterations})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void undo()} disabled={busy || stack.done.length === 0} title={nextUndo(stack) ? `Undo the ${nextUndo(stack)!.label} (Ctrl/Cmd+Z)` : 'Nothing of yours to undo'}>
          Undo
        </button>
        <button type="button" onClick={() => void redo()} disabled={busy || stack.undone.length === 0} title={nextRedo(stack) ? `Redo the ${nextRedo(stack)!.label} (Shift+Ctrl/Cmd+Z)` : 'Nothing to redo'}>
          Redo
        </button>
      </div>
      {run?.status === 'running' && <p className="muted">This run is training: an edit takes effect at its next decision.</p>}
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {notice && (
        <div className="notice" role="status">
          <span data-testid="rules-notice">{notice}</span>
          <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      )}
      {unknownRun ? (
        <p className="error-banner" role="alert">
          There is no run “{source.runId}” in this browser’s database (deleted, or a link from another browser). Choose a source above.
        </p>
      ) : pool === undefined ? (
        <p className="muted">Loading…</p>
      ) : pool === null ? (
        <p className="muted">This run has no rule pool yet: it is written with the run’s first checkpoint.</p>
      ) : (
        <>
          <AddRuleForm draft={draft} onChange={setDraft} onAdd={() => void add()} fixedEnv={fixedEnv} busy={busy} />
          <RuleToolbar filter={filter} onFilter={setFilter} sort={sort} onSort={setSort} />
          <div className="toolbar">
            <label className="file-button">
              Import rules…
              <input
                type="file"
                accept="application/json,.json"
                aria-label="Import rule pack"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void perform(async () => importText(await file.text(), file.name));
                }}
              />
            </label>
            <select
              aria-label="Load a bundled pack"
              value=""
              onChange={(e) => {
                if (e.target.value) void loadBundled(e.target.value);
              }}
            >
              <option value="">Load a bundled pack…</option>
              {BUNDLED_PACKS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => void exportShown()} disabled={visible.length === 0}>
              Export shown
            </button>
            <span className="muted" data-testid="rule-count">
              {visible.length} of {pool.rules.length} rules shown
            </span>
          </div>
          {selected && (
            <section className="rule-detail" aria-label={`History of ${selected.id}`}>
              <div className="rule-detail-head">
                <h2>
                  History of {selected.id}
                  {source.kind === 'run' && selected.origin === 'learner' && <span className="muted"> · learned: its operations are not undoable, they carry their provenance</span>}
                </h2>
                <button type="button" onClick={() => setSelectedId(null)} aria-label="Close history">
                  ×
                </button>
              </div>
              <RuleHistory pool={pool} ruleId={selected.id} runId={source.kind === 'run' ? source.runId : null} />
            </section>
          )}
          <RuleTable rules={visible} sort={sort} onSort={setSort} editing={editing} selectedId={selectedId} busy={busy} {...actions} />
        </>
      )}
    </section>
  );
}
