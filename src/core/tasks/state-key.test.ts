import { describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../../cli/lib/node-data-reader';
import type { TextEnvironment } from '../envs/types';
import { oracleAction, type WebShopEnv } from '../envs/webshop/index';
import { Fnv64 } from './fnv64';
import { stateKey } from './state-key';
import { loadTaskSource } from './task-source';
import type { TaskRef, TaskSource } from './types';

const reader = nodeDataReader();
const alfworld = await loadTaskSource({ env: 'alfworld' }, reader);
const webshop = await loadTaskSource({ env: 'webshop' }, reader);

/** A fresh game of the task after the given actions, each of which must be admissible. */
function play(source: TaskSource, task: TaskRef, actions: string[]): TextEnvironment {
  const env = source.make(task);
  let obs = env.reset();
  for (const action of actions) {
    expect(obs.admissibleActions, action).toContain(action);
    obs = env.step(action);
  }
  return env;
}

describe('Fnv64', () => {
  it('is 64-bit FNV-1a (reference vectors)', () => {
    const hash = (text: string) => new Fnv64().bytes(new TextEncoder().encode(text)).hex();
    expect(hash('')).toBe('cbf29ce484222325');
    expect(hash('a')).toBe('af63dc4c8601ec8c');
    expect(hash('foobar')).toBe('85944171f73967e8');
  });
});

describe('stateKey: ALFWorld', () => {
  const task = alfworld.heldOut.find((t) => t.id === 'valid_unseen/look_at_obj_in_light-Mug-None-DeskLamp-308/trial_T20190908_201421_021646')!;
  const key = (actions: string[]) => stateKey(play(alfworld, task, actions));

  it('is 16 hex digits, the same on every machine and run', () => {
    // Pinned: keys are stored with episodes, so the function must not drift silently.
    expect(key([])).toBe('cf7f4926ea616702');
  });

  it('is equal for one state reached by different paths, and unchanged by look and inventory', () => {
    const viaBed = key(['go to bed 1', 'go to desk 1']);
    expect(key(['go to shelf 3', 'go to drawer 2', 'go to desk 1'])).toBe(viaBed);
    expect(key(['go to bed 1', 'look', 'inventory', 'go to desk 1'])).toBe(viaBed);
    // The step count is not part of the state; the agent's location is.
    expect(key(['go to bed 1', 'go to desk 1', 'look'])).toBe(viaBed);
    expect(key(['go to desk 2'])).not.toBe(key(['go to desk 1']));
  });

  it('changes with a state-changing action', () => {
    const atDrawer = key(['go to drawer 1']);
    expect(key(['go to drawer 1', 'open drawer 1'])).not.toBe(atDrawer);
    expect(key(['go to drawer 1', 'open drawer 1', 'close drawer 1'])).toBe(atDrawer);
    const atDesk = key(['go to desk 1']);
    expect(key(['go to desk 1', 'take mug 1 from desk 1'])).not.toBe(atDesk);
  });

  it('differs between tasks in the same situation', () => {
    const other = alfworld.heldOut.find((t) => t.id !== task.id)!;
    expect(stateKey(play(alfworld, other, []))).not.toBe(key([]));
  });
});

describe('stateKey: WebShop', () => {
  // A goal naming two options: choosing them in either order reaches one state.
  const goal = findTwoOptionGoal();

  function findTwoOptionGoal(): { task: TaskRef; toItem: string[]; options: string[] } {
    for (const task of webshop.heldOut) {
      const env = webshop.make(task) as WebShopEnv;
      const options = Object.values(env.goal.goal_options);
      if (options.length < 2) continue;
      const toItem: string[] = [];
      let obs = env.reset();
      while (!obs.done && !(env.state().page === 'item' && env.state().asin === env.goal.asin)) {
        const action = oracleAction(env);
        toItem.push(action);
        obs = env.step(action);
      }
      if (env.state().page === 'item') return { task, toItem, options: options.map((v) => `click[${v}]`) };
    }
    throw new Error('no test goal with two options that the oracle reaches');
  }

  const key = (actions: string[]) => stateKey(play(webshop, goal.task, actions));

  it('is equal for the same options chosen in either order', () => {
    const [a, b] = goal.options;
    expect(key([...goal.toItem, a, b])).toBe(key([...goal.toItem, b, a]));
    expect(key([...goal.toItem, a, b])).not.toBe(key([...goal.toItem, a]));
    expect(key([...goal.toItem, a])).not.toBe(key(goal.toItem));
  });

  it('is back to the item state after a sub-page and < Prev, and changes with the page', () => {
    const atItem = key(goal.toItem);
    expect(key([...goal.toItem, 'click[Description]'])).not.toBe(atItem);
    expect(key([...goal.toItem, 'click[Description]', 'click[< Prev]'])).toBe(atItem);
    expect(key([])).toMatch(/^[0-9a-f]{16}$/);
    expect(key([goal.toItem[0]])).not.toBe(key([]));
  });
});

describe('stateKey: other environments', () => {
  it('throws for an environment it cannot key', () => {
    const fake = { task: { id: 'x', env: 'webshop', split: 'test', taskType: 't', goal: 'g' }, maxSteps: 1 } as unknown as TextEnvironment;
    expect(() => stateKey(fake)).toThrow(/no state key for webshop environment x/);
  });
});
