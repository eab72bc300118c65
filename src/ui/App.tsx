import { StatusBar } from './components/StatusBar';
import { VIEWS, hrefFor, useRoute } from './router';
import { LabView } from './views/LabView';
import { ModelView } from './views/ModelView';
import { ResultsView } from './views/ResultsView';
import { RulesView } from './views/RulesView';
import { RunsView } from './views/RunsView';
import { TrajectoriesView } from './views/TrajectoriesView';
import './narrow.css';

export function App() {
  const route = useRoute();
  const current = VIEWS.find((v) => v.id === route.view)!;
  return (
    <div className="app">
      <header className="top-bar">
        <a className="brand" href={hrefFor('lab')}>
          JERP Lab
        </a>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <a key={v.id} href={hrefFor(v.id)} aria-current={v.id === route.view ? 'page' : undefined} title={v.title}>
              {v.label}
            </a>
          ))}
        </nav>
      </header>
      <main className="view" aria-label={current.label}>
        {route.view === 'lab' && <LabView />}
        {route.view === 'rules' && <RulesView />}
        {route.view === 'trajectories' && <TrajectoriesView rest={route.rest} />}
        {route.view === 'runs' && <RunsView />}
        {route.view === 'results' && <ResultsView />}
        {route.view === 'model' && <ModelView />}
      </main>
      <StatusBar />
    </div>
  );
}
