/** Every saved version of one rule, newest first, with who changed it and why. */
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/instance';

export function RuleHistory({ ruleId }: { ruleId: string }) {
  const versions = useLiveQuery(() => db.ruleVersions.where('ruleId').equals(ruleId).reverse().sortBy('at'), [ruleId]);
  if (!versions) return null;
  return (
    <ol className="rule-history">
      {versions.map((v) => (
        <li key={v.id}>
          <span className="tag">{v.operation}</span> <time>{new Date(v.at).toLocaleString()}</time> <span className="muted">({v.origin}, ★ {v.importance})</span>
          <div className="rule-text">{v.text}</div>
          {v.provenance?.note && <div className="muted">{v.provenance.note}</div>}
        </li>
      ))}
    </ol>
  );
}
