import { describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../../../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../../tasks/alfworld-scenes';
import { type AlfworldScene, createAlfworldEnv, type ExpertMode, expertAction, expertPlan, generateScene } from './index';

/** Plays the expert; every command it gives must be admissible at that step. */
function solve(scene: AlfworldScene, mode: ExpertMode): { success: boolean; steps: number; inadmissible: number } {
  const env = createAlfworldEnv(scene);
  let obs = env.reset();
  let inadmissible = 0;
  while (!obs.done) {
    const action = expertAction(env, { mode });
    if (!obs.admissibleActions.includes(action)) inadmissible++;
    obs = env.step(action);
  }
  return { success: obs.success, steps: obs.step, inadmissible };
}

const shipped = {
  valid_seen: await loadAlfworldSplit('valid_seen', nodeDataReader()),
  valid_unseen: await loadAlfworldSplit('valid_unseen', nodeDataReader()),
  train: await loadAlfworldSplit('train', nodeDataReader()),
};

describe('expert', () => {
  const splits = ['valid_seen', 'valid_unseen', 'train'] as const;
  it.each(splits.flatMap((split) => (['search', 'oracle'] as const).map((mode) => [split, mode] as const)))(
    'solves every real %s game within the step limit (%s)',
    (split, mode) => {
      const scenes = shipped[split];
      expect(scenes.length).toBe({ valid_seen: 140, valid_unseen: 134, train: 200 }[split]);
      const results = scenes.map((s) => ({ id: s.id, ...solve(s, mode) }));
      expect(results.filter((r) => !r.success || r.inadmissible > 0 || r.steps > (mode === 'oracle' ? 15 : 45))).toEqual([]);
      // The searching expert explores, so it takes longer than the oracle on average.
      const mean = results.reduce((n, r) => n + r.steps, 0) / results.length;
      expect(mean).toBeLessThan(mode === 'oracle' ? 7 : 13);
    },
  );

  it.each(['search', 'oracle'] as const)('solves 200 generated scenes (%s)', (mode) => {
    const failures = Array.from({ length: 200 }, (_, seed) => ({ seed, ...solve(generateScene(seed), mode) })).filter((r) => !r.success || r.inadmissible > 0);
    expect(failures).toEqual([]);
  });

  it('searching, it only goes for objects it has been shown', () => {
    const scene = shipped.valid_unseen.find((s) => s.id === 'valid_unseen/pick_clean_then_place_in_recep-Knife-None-CounterTop-10/trial_T20190909_110445_675754') as AlfworldScene;
    const plan = expertPlan(scene);
    const take = plan.findIndex((a) => a.startsWith('take '));
    const [, obj, rec] = /^take (.+) from (.+)$/.exec(plan[take]) as RegExpExecArray;
    // The receptacle it takes from was visited (or opened) before, and the object was visible there.
    expect(plan.slice(0, take).some((a) => a === `go to ${rec}` || a === `open ${rec}` || a === `examine ${rec}`)).toBe(true);
    expect(obj.startsWith('knife ')).toBe(true);
  });

  it('gives the exact plan of a real game', () => {
    const scene = shipped.valid_unseen.find((s) => s.id === 'valid_unseen/pick_clean_then_place_in_recep-Knife-None-CounterTop-10/trial_T20190909_110445_675754');
    expect(scene && expertPlan(scene, { mode: 'oracle' })).toEqual([
      'go to countertop 3',
      'take knife 2 from countertop 3',
      'go to sinkbasin 1',
      'clean knife 2 with sinkbasin 1',
      'go to countertop 3',
      'put knife 2 in/on countertop 3',
    ]);
  });

  it('recovers from a detour: holding the wrong object, it puts it down first', () => {
    const scene = shipped.valid_unseen.find((s) => s.taskType === 'pick_two_obj') as AlfworldScene;
    const env = createAlfworldEnv(scene);
    let obs = env.reset();
    const wrong = obs.admissibleActions.find((a) => a.startsWith('go to ') && !a.includes('garbagecan')) as string;
    obs = env.step(wrong);
    const take = obs.admissibleActions.find((a) => a.startsWith('take '));
    if (take) obs = env.step(take);
    while (!obs.done) obs = env.step(expertAction(env));
    expect(obs.success).toBe(true);
  });
});
