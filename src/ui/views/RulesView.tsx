/**
 * The rule pool: every rule the learner wrote, a person added, or a pack brought in. People can
 * add, edit, pin, remove and restore rules, and import rule packs. Text is always rendered as
 * text (never as HTML), so odd or hostile rule text is shown exactly as written.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { TASK_TYPES } from '../../core/envs/task-types';
import type { EnvKind } from '../../core/envs/types';
import type { Rule, RuleStatus } from '../../core/rules/rule';
import { parseRulePack } from '../../core/rules/rulepack';
import { db } from '../../db/instance';
import { addUserRule, editRuleText, importRulePack, removeRule, restoreRule, setRulePinned } from '../../db/rules-repo';
import { describeError, ErrorBanner } from '../components/ErrorBanner';
import { RuleHistory } from './RuleHistory';

const BUNDLED_PACKS = ['knowself_alfworld', 'knowself_webshop', 'reflexion_alfworld', 'reflexion_webshop'];

export function RulesView() {
  const [envFilter, setEnvFilter] = useState<EnvKind | 'all'>('all');
  const [statusFilter, setStatusFilter] = useState<RuleStatus>('active');
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const rules = useLiveQuery(() => db.rules.where('status').equals(statusFilter).toArray(), [statusFilter]);

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (rules ?? [])
      .filter((r) => envFilter === 'all' || r.env === envFilter)
      .filter((r) => !q || r.text.toLowerCase().includes(q) || (r.taskType ?? '').includes(q))
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.importance - a.importance || b.updatedAt - a.updatedAt);
  }, [rules, envFilter, query]);

  const run = async (action: () => Promise<unknown>, success?: string) => {
    setError(null);
    try {
      await action();
      if (success) setNotice(success);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const importText = async (text: string, fileName: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`${fileName} is not valid JSON: ${(e as Error).message}`);
    }
    const pack = parseRulePack(json, fileName);
    const added = await importRulePack(db, pack);
    const skipped = pack.skipped.length ? ` (${pack.skipped.length} skipped: ${pack.skipped.slice(0, 3).map((s) => s.reason).join('; ')})` : '';
    setNotice(`Imported ${added.length} ${pack.env} rules from ${pack.sourceId}${skipped}.`);
  };

  return (
    <section className="rules-view">
      <div className="view-header">
        <h1>Rules</h1>
        <p className="muted">
          The long-term pool the agent retrieves from. Pinned rules are always retrieved in scope and are never changed by the learner.
        </p>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {notice && (
        <div className="notice" role="status" onClick={() => setNotice(null)}>
          {notice}
        </div>
      )}
      <AddRuleForm onAdd={(input) => run(() => addUserRule(db, input), 'Rule added.')} />
      <div className="toolbar">
        <label>
          Environment{' '}
          <select value={envFilter} onChange={(e) => setEnvFilter(e.target.value as EnvKind | 'all')}>
            <option value="all">all</option>
            <option value="alfworld">ALFWorld</option>
            <option value="webshop">WebShop</option>
          </select>
        </label>
        <label>
          Status{' '}
          <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as RuleStatus)} aria-label="Status">
            <option value="active">active</option>
            <option value="absorbed">absorbed</option>
            <option value="removed">removed</option>
          </select>
        </label>
        <input type="search" placeholder="Filter rules…" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Filter rules" />
        <label className="file-button">
          Import pack…
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Import rule pack"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void run(async () => importText(await file.text(), file.name));
            }}
          />
        </label>
        <select
          aria-label="Load a bundled pack"
          value=""
          onChange={(e) => {
            const name = e.target.value;
            if (!name) return;
            void run(async () => {
              const response = await fetch(`data/rulepacks/${name}.json`);
              if (!response.ok) throw new Error(`Could not load ${name}.json (${response.status}).`);
              await importText(await response.text(), `${name}.json`);
            });
          }}
        >
          <option value="">Load a bundled pack…</option>
          {BUNDLED_PACKS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" data-testid="rule-count">
        {rules === undefined ? 'Loading…' : `${visible.length} ${statusFilter} rule${visible.length === 1 ? '' : 's'} shown`}
      </p>
      <ul className="rule-list">
        {visible.map((rule) => (
          <RuleRow
            key={rule.id}
            rule={rule}
            onSave={(text) => run(() => editRuleText(db, rule.id, text))}
            onPin={() => run(() => setRulePinned(db, rule.id, !rule.pinned))}
            onRemove={() => run(() => removeRule(db, rule.id))}
            onRestore={() => run(() => restoreRule(db, rule.id))}
            onHistory={() => setHistoryOf(historyOf === rule.id ? null : rule.id)}
            showHistory={historyOf === rule.id}
          />
        ))}
      </ul>
    </section>
  );
}

function AddRuleForm({ onAdd }: { onAdd: (input: { env: EnvKind; taskType: string | null; text: string; pinned: boolean }) => Promise<void> }) {
  const [env, setEnv] = useState<EnvKind>('alfworld');
  const [taskType, setTaskType] = useState<string>('');
  const [text, setText] = useState('');
  const [pinned, setPinned] = useState(false);
  return (
    <form
      className="add-rule"
      onSubmit={(e) => {
        e.preventDefault();
        void onAdd({ env, taskType: taskType || null, text, pinned }).then(() => setText(''));
      }}
    >
      <select value={env} onChange={(e) => setEnv(e.target.value as EnvKind)} aria-label="Rule environment">
        <option value="alfworld">ALFWorld</option>
        <option value="webshop">WebShop</option>
      </select>
      <select value={taskType} onChange={(e) => setTaskType(e.target.value)} aria-label="Rule task type">
        <option value="">any task type</option>
        {TASK_TYPES[env].map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <input className="grow" value={text} onChange={(e) => setText(e.target.value)} placeholder="When the task is to heat X: take X first, then go to the microwave…" aria-label="New rule text" />
      <label>
        <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} /> pin
      </label>
      <button type="submit">Add rule</button>
    </form>
  );
}

interface RuleRowProps {
  rule: Rule;
  onSave(text: string): Promise<void>;
  onPin(): void;
  onRemove(): void;
  onRestore(): void;
  onHistory(): void;
  showHistory: boolean;
}

function RuleRow({ rule, onSave, onPin, onRemove, onRestore, onHistory, showHistory }: RuleRowProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(rule.text);
  const successRate = rule.stats.retrieved ? `${Math.round((100 * rule.stats.successWhenRetrieved) / rule.stats.retrieved)}%` : '–';
  return (
    <li className={`rule ${rule.pinned ? 'pinned' : ''}`} data-testid="rule">
      <div className="rule-meta">
        <span className="tag">{rule.env}</span>
        <span className="tag">{rule.taskType ?? 'any'}</span>
        <span className="tag" title="Importance (ExpeL counting)">★ {rule.importance}</span>
        <span className="tag" title="Origin">{rule.origin}</span>
        <span className="tag" title="Retrieved / success when retrieved">
          used {rule.stats.retrieved} · {successRate}
        </span>
        {rule.stats.absorption !== null && <span className="tag">absorbed {Math.round(rule.stats.absorption * 100)}%</span>}
        {rule.pinned && <span className="tag pin">pinned</span>}
      </div>
      {editing ? (
        <form
          className="rule-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void onSave(draft).then(() => setEditing(false));
          }}
        >
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="Rule text" rows={3} />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="rule-text">{rule.text}</p>
      )}
      <div className="rule-actions">
        {rule.status === 'active' ? (
          <>
            <button type="button" onClick={() => { setDraft(rule.text); setEditing(true); }}>Edit</button>
            <button type="button" onClick={onPin}>{rule.pinned ? 'Unpin' : 'Pin'}</button>
            <button type="button" onClick={onRemove}>Remove</button>
          </>
        ) : (
          <button type="button" onClick={onRestore}>Restore</button>
        )}
        <button type="button" onClick={onHistory}>{showHistory ? 'Hide history' : 'History'}</button>
      </div>
      {showHistory && <RuleHistory ruleId={rule.id} />}
    </li>
  );
}
