/**
 * A rule's timeline from its pool: each RuleVersion paired with the operation that wrote it. The
 * pool records them side by side (operations.ts): for a rule, the operations naming it (as target
 * or as merged into another) come in the same order as its versions, one each.
 */
import type { AppliedOp, PoolState, ProvenanceSource, RuleVersion } from '../../core/rules/pool';

export interface HistoryEntry {
  version: RuleVersion;
  op: AppliedOp | undefined;
  /** The text differs from the previous version's (always true for the first). */
  textChanged: boolean;
}

/** Newest first. */
export function historyOf(pool: PoolState, ruleId: string): HistoryEntry[] {
  const versions = pool.versions.filter((v) => v.ruleId === ruleId).sort((a, b) => a.version - b.version);
  const ops = pool.ops.filter((o) => o.ruleId === ruleId || o.mergedIds?.includes(ruleId));
  return versions
    .map((version, i) => ({ version, op: ops[i], textChanged: i === 0 || versions[i - 1].text !== version.text }))
    .reverse();
}

const SOURCES: Record<ProvenanceSource, string> = {
  user: 'your edit',
  import: 'imported',
  reflector: 'the reflector',
  absorption: 'absorption / helpfulness measurement',
  capacity: 'capacity (scope full)',
};

export function sourceLabel(source: ProvenanceSource): string {
  return SOURCES[source] ?? source;
}
