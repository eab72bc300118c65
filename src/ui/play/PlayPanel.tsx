/**
 * Play a simulator by hand, the way a person checks it: open a real or generated ALFWorld game,
 * type commands or click admissible ones, ask the expert for its next move. The game runs in the
 * lab worker on the same core the learner uses.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { labClient } from '../../lab-client';
import type { EnvSession } from '../../protocol/messages';
import { ErrorBanner, type ErrorInfo, errorInfo } from '../components/ErrorBanner';

type Source = 'valid_unseen' | 'valid_seen' | 'train' | 'generated' | 'webshop-test' | 'webshop-train';

/** WebShop plays on the 1,000-product catalog in the browser: it builds in well under a second. */
const WEBSHOP_PRODUCTS = 1000;

export function PlayPanel() {
  const [source, setSource] = useState<Source>('valid_unseen');
  const [game, setGame] = useState(0);
  const [style, setStyle] = useState<'react' | 'raw'>('react');
  const isShop = source.startsWith('webshop');
  const [session, setSession] = useState<EnvSession | null>(null);
  const [gameCount, setGameCount] = useState<number | null>(null);
  const [command, setCommand] = useState('');
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const transcriptEnd = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (source === 'generated') {
      setGameCount(null);
      return;
    }
    let alive = true;
    const listing = isShop
      ? labClient.request('env.list', { env: 'webshop', products: WEBSHOP_PRODUCTS, split: source === 'webshop-test' ? 'test' : 'train', limit: 0 })
      : labClient.request('env.list', { env: 'alfworld', split: source as 'valid_unseen' | 'valid_seen' | 'train', limit: 0 });
    listing.then(
      (listing) => alive && setGameCount(listing.count),
      (e: unknown) => alive && setError(errorInfo(e)),
    );
    return () => {
      alive = false;
    };
  }, [source, isShop]);

  useEffect(() => {
    // Braces matter: newer Chromium returns a Promise from scrollIntoView, and React would take a
    // returned value for a cleanup function.
    void transcriptEnd.current?.scrollIntoView?.({ block: 'nearest' });
  }, [session?.steps.length]);

  const act = async (work: () => Promise<EnvSession | void>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next) setSession(next);
    } catch (e) {
      // A game whose session is gone (worker restarted) leaves the screen: its buttons would only fail.
      if ((e as Error)?.name === 'PlaySessionGoneError') setSession(null);
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  const openRequest = () => {
    if (isShop) {
      const split = source === 'webshop-test' ? 'test' : 'train';
      return labClient.request('env.open', { env: 'webshop', products: WEBSHOP_PRODUCTS, split, index: game, renderer: style === 'raw' ? 'gym' : 'react' });
    }
    return source === 'generated'
      ? labClient.request('env.open', { env: 'alfworld', generatedSeed: game, style })
      : labClient.request('env.open', { env: 'alfworld', split: source as 'valid_unseen' | 'valid_seen' | 'train', index: game, style });
  };

  // The new game opens first and the old one closes only once it has: a game that fails to open
  // (a number out of range) leaves the current game on screen and still playable.
  const open = () =>
    act(async () => {
      const next = await openRequest();
      if (session) await labClient.request('env.close', { sessionId: session.sessionId }).catch(() => undefined);
      return next;
    });

  const step = (action: string) =>
    act(async () => {
      // An empty command is not sent: it would use up a step for nothing.
      if (!session || !action.trim()) return;
      setCommand('');
      return labClient.request('env.step', { sessionId: session.sessionId, action: action.trim() });
    });

  const expertStep = () =>
    act(async () => {
      if (!session) return;
      const { action } = await labClient.request('env.expert', { sessionId: session.sessionId });
      return labClient.request('env.step', { sessionId: session.sessionId, action });
    });

  const admissible = useMemo(() => {
    const all = session?.observation.admissibleActions ?? [];
    const q = filter.trim().toLowerCase();
    return q ? all.filter((a) => a.toLowerCase().includes(q)) : all;
  }, [session, filter]);

  const obs = session?.observation;
  return (
    <article className="card play-panel" aria-label="Play a game">
      <h2>Play a simulator by hand</h2>
      <div className="toolbar">
        <select aria-label="Games" value={source} onChange={(e) => setSource(e.target.value as Source)}>
          <option value="valid_unseen">valid_unseen (real)</option>
          <option value="valid_seen">valid_seen (real)</option>
          <option value="train">train (real)</option>
          <option value="generated">generated (seed)</option>
          <option value="webshop-test">WebShop test goals (1k products)</option>
          <option value="webshop-train">WebShop train goals (1k products)</option>
        </select>
        <label>
          {source === 'generated' ? 'Seed' : 'Game'}{' '}
          <input
            aria-label="Game number"
            type="number"
            min={0}
            max={gameCount !== null ? gameCount - 1 : undefined}
            value={game}
            onChange={(e) => setGame(Number(e.target.value))}
            style={{ width: 90 }}
          />
        </label>
        {gameCount !== null && <span className="muted">of 0–{gameCount - 1}</span>}
        <select aria-label="Observation style" value={style} onChange={(e) => setStyle(e.target.value as 'react' | 'raw')}>
          <option value="react">ReAct text</option>
          <option value="raw">{isShop ? 'gym [SEP] text' : 'raw engine text'}</option>
        </select>
        <button type="button" onClick={open} disabled={busy}>
          {session ? 'Open another' : 'Open game'}
        </button>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {session && obs && (
        <>
          <p className="muted" data-testid="play-task">
            {session.task.id} · {session.task.taskType}
          </p>
          {/* Focusable so keyboard users can scroll it; a log, so screen readers read each new answer. */}
          <div className="transcript" data-testid="transcript" tabIndex={0} role="log" aria-label="Game transcript">
            <pre>{session.initial}</pre>
            {session.steps.map((s, i) => (
              <div key={i}>
                <pre className="action">&gt; {s.action}</pre>
                <pre>{s.observation}</pre>
              </div>
            ))}
            <div ref={transcriptEnd} />
          </div>
          <p data-testid="play-status" className={obs.success ? 'good' : obs.done ? 'bad' : ''}>
            Step {obs.step}/{session.maxSteps}
            {obs.success
              ? ' · Goal reached (reward 1)'
              : obs.done
                ? obs.reward > 0
                  ? ` · Bought: reward ${obs.reward.toFixed(3)}`
                  : ' · Episode over'
                : ''}
          </p>
          <form
            className="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              void step(command);
            }}
          >
            <input className="grow" aria-label="Command" value={command} onChange={(e) => setCommand(e.target.value)} placeholder={isShop ? 'search[red shoes] or click[Buy Now]' : 'Type a command, e.g. go to countertop 1'} disabled={obs.done} />
            <button type="submit" disabled={busy || obs.done || !command.trim()}>
              Send
            </button>
            <button type="button" onClick={expertStep} disabled={busy || obs.done}>
              Expert step
            </button>
          </form>
          <details>
            <summary>{obs.admissibleActions.length} admissible commands</summary>
            <input type="search" aria-label="Filter commands" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <div className="chips">
              {admissible.map((a) => (
                <button key={a} type="button" className="chip" onClick={() => void step(a)} disabled={busy || obs.done}>
                  {a}
                </button>
              ))}
            </div>
          </details>
        </>
      )}
    </article>
  );
}
