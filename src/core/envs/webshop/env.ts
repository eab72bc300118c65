/**
 * WebShop as a TextEnvironment: the page machine (shop-state.ts), a renderer ('gym' [SEP] text or
 * 'react'), a 15-step limit, and admissible actions = the page's clickables as click[...] plus a few
 * search[...] queries derived from the instruction. The 'react' renderer lists three results of a page's
 * ten, so only those three are admissible there: offering products the agent was never shown made it
 * pick ids blind. The page machine still accepts a click on any of the ten, as WebShop does.
 */
import type { EnvObservation, TaskInfo, TextEnvironment } from '../types';
import { candidateQueries } from './queries';
import { renderGym } from './render-gym';
import { REACT_INVALID, REACT_THINK, reactOptionConfirmation, reactUnlistedResults, renderReact } from './render-react';
import type { SearchIndex } from './search';
import { clickables, initialState, transition, type ShopState } from './shop-state';
import type { Catalog, WebShopGoal } from './types';

export type WebShopRenderer = 'gym' | 'react';
export const WEBSHOP_MAX_STEPS = 15;

export interface WebShopEnvOptions {
  catalog: Catalog;
  index: SearchIndex;
  goal: WebShopGoal;
  renderer?: WebShopRenderer;
  maxSteps?: number;
}

export interface WebShopEnv extends TextEnvironment {
  readonly goal: WebShopGoal;
  readonly catalog: Catalog;
  readonly index: SearchIndex;
  readonly renderer: WebShopRenderer;
  /** A snapshot of the page machine (for the oracle, the UI and tests). */
  state(): Readonly<ShopState>;
  /** Search queries offered as admissible actions. */
  readonly searchCandidates: readonly string[];
}

export function createWebShopEnv(options: WebShopEnvOptions): WebShopEnv {
  const { catalog, index, goal, renderer = 'gym', maxSteps = WEBSHOP_MAX_STEPS } = options;
  const task: TaskInfo = {
    id: goal.id,
    env: 'webshop',
    split: goal.split,
    taskType: goal.category,
    goal: goal.instruction_text,
  };
  const searchCandidates = candidateQueries(goal.instruction_text);
  let state: ShopState = initialState();
  let steps = 0;
  let done = false;

  const render = (): string => (renderer === 'react' ? renderReact(state, catalog, goal.instruction_text) : renderGym(state, catalog, goal.instruction_text));
  const admissible = (): string[] => {
    if (done) return [];
    const unlisted = renderer === 'react' && state.page === 'results' ? reactUnlistedResults(state).map((p) => p.asin) : [];
    const clicks = clickables(state, catalog)
      .filter((c) => !unlisted.includes(c))
      .map((c) => `click[${c}]`);
    return [...clicks, ...searchCandidates.map((q) => `search[${q}]`)];
  };
  const observe = (text: string, reward: number): EnvObservation => ({
    text,
    admissibleActions: admissible(),
    reward,
    done,
    success: done && reward === 1,
    step: steps,
  });

  const env: WebShopEnv = {
    task,
    maxSteps,
    goal,
    catalog,
    index,
    renderer,
    searchCandidates,
    state: () => state,
    reset() {
      state = initialState();
      steps = 0;
      done = false;
      return observe(render(), 0);
    },
    step(action: string) {
      if (done) return observe(render(), 0);
      steps++;
      const command = typeof action === 'string' ? action : '';
      let text: string;
      let reward = 0;
      if (renderer === 'react' && /^think\[.*\]$/s.test(command.trim())) {
        text = REACT_THINK;
      } else {
        const next = transition(state, command, { catalog, index, goal });
        state = next.state;
        if (state.page === 'done') {
          done = true;
          reward = state.reward;
        }
        if (renderer === 'react' && !next.valid) text = REACT_INVALID;
        else if (renderer === 'react' && next.clickedOption !== undefined) text = reactOptionConfirmation(next.clickedOption);
        else text = render();
      }
      if (!done && steps >= maxSteps) done = true;
      return observe(text, reward);
    },
  };
  return env;
}
