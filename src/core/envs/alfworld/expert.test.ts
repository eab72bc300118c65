import { describe, expect, it } from 'vitest';
import { loadAlfworldSplit } from '../../../../cli/lib/alfworld-data';
import { type AlfworldScene, createAlfworldEnv, expertAction, expertPlan, generateScene } from './index';

/** Plays the expert; every command it gives must be admissible at that step. */
function solve(scene: AlfworldScene): { success: boolean; steps: number; inadmissible: number } {
  const env = createAlfworldEnv(scene);
  let obs = env.reset();
  let inadmissible = 0;
  while (!obs.done) {
    const action = expertAction(env);
    if (!obs.admissibleActions.includes(action)) inadmissible++;
    obs = env.step(action);
  }
  return { success: obs.success, steps: obs.step, inadmissible };
}

describe('expert', () => {
  it.each(['valid_seen', 'valid_unseen', 'train'] as const)('solves every real %s game within the step limit', (split) => {
    const scenes = loadAlfworldSplit(split);
    expect(scenes.length).toBe({ valid_seen: 140, valid_unseen: 134, train: 200 }[split]);
    const failures = scenes.map((s) => ({ id: s.id, ...solve(s) })).filter((r) => !r.success || r.inadmissible > 0 || r.steps > 15);
    expect(failures).toEqual([]);
  });

  it('solves 200 generated scenes', () => {
    const failures = Array.from({ length: 200 }, (_, seed) => ({ seed, ...solve(generateScene(seed)) })).filter((r) => !r.success || r.inadmissible > 0);
    expect(failures).toEqual([]);
  });

  it('gives the exact plan of a real game', () => {
    const scene = loadAlfworldSplit('valid_unseen').find((s) => s.id === 'valid_unseen/pick_clean_then_place_in_recep-Knife-None-CounterTop-10/trial_T20190909_110445_675754');
    expect(scene && expertPlan(scene)).toEqual([
      'go to countertop 3',
      'take knife 2 from countertop 3',
      'go to sinkbasin 1',
      'clean knife 2 with sinkbasin 1',
      'go to countertop 3',
      'put knife 2 in/on countertop 3',
    ]);
  });

  it('recovers from a detour: holding the wrong object, it puts it down first', () => {
    const scene = loadAlfworldSplit('valid_unseen').find((s) => s.taskType === 'pick_two_obj') as AlfworldScene;
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
