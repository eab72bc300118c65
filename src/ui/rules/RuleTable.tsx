/**
 * The rule table, virtualized: only the rows in view (plus a few) are in the DOM, so 10,000 rules
 * repaint as fast as twenty. Rows have their own heights (text wraps, a row opens for editing) and
 * are measured as they render. Column headers sort (wide screens); the toolbar's sort select does
 * the same at any width.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { PoolRule } from '../../core/rules/pool';
import { type RuleSort, SORT_LABELS, type SortKey } from './filter';
import { type RowActions, RuleRow } from './RuleRow';

interface Props extends RowActions {
  rules: PoolRule[];
  sort: RuleSort;
  onSort(sort: RuleSort): void;
  editing: { ruleId: string; draft: string } | null;
  selectedId: string | null;
  busy: boolean;
}

const HEADER_KEYS: SortKey[] = ['importance', 'retrieved', 'successWith', 'successWithout', 'lift', 'absorption'];

export function RuleTable({ rules, sort, onSort, editing, selectedId, busy, ...actions }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rules.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 96,
    overscan: 6,
    getItemKey: (index) => rules[index].id,
  });
  return (
    <div className="rule-table" role="table" aria-label="Rules" aria-rowcount={rules.length}>
      <div className="rule-table-head" role="rowgroup">
        <div role="row" className="rule-head-row">
          <span role="columnheader">Rule</span>
          <span role="columnheader" className="sort-headers">
            {HEADER_KEYS.map((key) => (
              <button
                key={key}
                type="button"
                className={sort.key === key ? 'active' : ''}
                aria-label={`Sort by ${SORT_LABELS[key]}`}
                aria-pressed={sort.key === key}
                onClick={() => onSort({ key, descending: sort.key === key ? !sort.descending : true })}
              >
                {SORT_LABELS[key]}
                {sort.key === key ? (sort.descending ? ' ↓' : ' ↑') : ''}
              </button>
            ))}
          </span>
        </div>
      </div>
      <div className="rule-scroller" ref={scroller} role="rowgroup" tabIndex={0} aria-label="Rule rows (scroll)">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const rule = rules[item.index];
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="rule-slot" style={{ transform: `translateY(${item.start}px)` }}>
                <RuleRow rule={rule} draft={editing?.ruleId === rule.id ? editing.draft : null} busy={busy} selected={selectedId === rule.id} {...actions} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
