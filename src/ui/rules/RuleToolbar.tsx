/** Search, the five filters and the sort of the rule table. Every control is labelled. */
import { TASK_TYPES } from '../../core/envs/task-types';
import type { EnvKind } from '../../core/envs/types';
import { ANY_TASK, type RuleFilter, type RuleSort, SORT_LABELS, type SortKey } from './filter';

interface Props {
  filter: RuleFilter;
  onFilter(filter: RuleFilter): void;
  sort: RuleSort;
  onSort(sort: RuleSort): void;
}

export function RuleToolbar({ filter, onFilter, sort, onSort }: Props) {
  const set = <K extends keyof RuleFilter>(key: K, value: RuleFilter[K]) => onFilter({ ...filter, [key]: value });
  const taskTypes = filter.env === 'all' ? [...TASK_TYPES.alfworld, ...TASK_TYPES.webshop] : TASK_TYPES[filter.env];
  return (
    <div className="toolbar rule-toolbar">
      <input type="search" className="grow" placeholder="Search rules…" value={filter.query} onChange={(e) => set('query', e.target.value)} aria-label="Filter rules" />
      <label>
        Environment{' '}
        <select value={filter.env} onChange={(e) => onFilter({ ...filter, env: e.target.value as EnvKind | 'all', taskType: 'all' })}>
          <option value="all">all</option>
          <option value="alfworld">ALFWorld</option>
          <option value="webshop">WebShop</option>
        </select>
      </label>
      <label>
        Task type{' '}
        <select value={filter.taskType} onChange={(e) => set('taskType', e.target.value)}>
          <option value="all">all</option>
          <option value={ANY_TASK}>any task (unscoped)</option>
          {taskTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select value={filter.status} onChange={(e) => set('status', e.target.value as RuleFilter['status'])}>
          <option value="active">active</option>
          <option value="absorbed">absorbed</option>
          <option value="removed">removed</option>
          <option value="all">all</option>
        </select>
      </label>
      <label>
        Origin{' '}
        <select value={filter.origin} onChange={(e) => set('origin', e.target.value as RuleFilter['origin'])}>
          <option value="all">all</option>
          <option value="learner">learner</option>
          <option value="user">user</option>
          <option value="import">import</option>
        </select>
      </label>
      <label>
        Family{' '}
        <select value={filter.family} onChange={(e) => set('family', e.target.value as RuleFilter['family'])}>
          <option value="all">all</option>
          <option value="procedure">procedure</option>
          <option value="location">location</option>
          <option value="user">user</option>
        </select>
      </label>
      <label>
        Sort by{' '}
        <select value={sort.key} onChange={(e) => onSort({ ...sort, key: e.target.value as SortKey })}>
          {(Object.keys(SORT_LABELS) as SortKey[]).map((k) => (
            <option key={k} value={k}>
              {SORT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => onSort({ ...sort, descending: !sort.descending })} aria-label={sort.descending ? 'Sorted high to low; sort low to high' : 'Sorted low to high; sort high to low'}>
        {sort.descending ? '↓ high first' : '↑ low first'}
      </button>
    </div>
  );
}
