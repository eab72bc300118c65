import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/util/rng';
import { buildSearchPrior, conductFor, demonstrate } from './alfworld-demo';
import { standardShop } from '../../cli/lib/model-eval';
import { nodeDataReader } from '../../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../../src/core/tasks/alfworld-scenes';
import { copiesFromView, copyTargets, drawRules, selectsOption, sourceEpisode } from './corpus';
import { demonstrateWebShop } from './webshop-demo';
import { episodeSequences } from './sequences';

// The 200 real train games, as the corpus reads them.
const trainScenes = await loadAlfworldSplit('train', nodeDataReader());

describe('copiesFromView: the actions whose arguments come from the text in view', () => {
  it('counts ALFWorld take and put, WebShop product and option clicks', () => {
    for (const action of ['take mug 1 from desk 2', 'put mug 1 in/on shelf 3', 'click[B07DD4XQET]', 'click[1.8 oz]', 'click[red]']) {
      expect(copiesFromView(action), action).toBe(true);
    }
  });

  it('does not count navigation, search or movement', () => {
    for (const action of ['go to desk 2', 'open drawer 1', 'look', 'click[Buy Now]', 'click[< Prev]', 'click[Next >]', 'click[Back to Search]', 'click[Features]', 'search[red dress]']) {
      expect(copiesFromView(action), action).toBe(false);
    }
  });
});

describe('selectsOption: WebShop option clicks (weighted on their own)', () => {
  it('counts option values, not products, page buttons or ALFWorld commands', () => {
    for (const action of ['click[1.8 oz]', 'click[red]', 'click[64 gb]']) expect(selectsOption(action), action).toBe(true);
    for (const action of ['click[B07DD4XQET]', 'click[Buy Now]', 'click[Next >]', 'search[red]', 'take mug 1 from desk 2']) expect(selectsOption(action), action).toBe(false);
  });
});

describe('copyTargets', () => {
  const scenes = trainScenes;
  const prior = buildSearchPrior(scenes);

  it('weights the takes and puts of a rule-following demonstration', () => {
    const scene = scenes.find((s) => s.taskType === 'pick_and_place')!;
    const draw = { condition: 'oracle' as const, rules: ['a rule'] };
    const episode = sourceEpisode('alfworld', scene.taskType, scene.goalText, draw, demonstrate(scene, prior, false, createRng(3)));
    expect(episode.success).toBe(true);
    const copied = episodeSequences(episode).flatMap((seq) => copyTargets(seq, episode).map((t) => seq.segs[t].trim()));
    expect(copied.filter((a) => a.startsWith('take '))).toHaveLength(1);
    expect(copied.filter((a) => a.startsWith('put '))).toHaveLength(1);
  });

  it('weights the decisive option click only where a rule asks for it', () => {
    // Without a rule, a demonstration that selects the options weighted 3x against one that buys at
    // once weighted 1x would teach selecting them without the rule: the choice the rule is for.
    const { shop, goals } = standardShop();
    const goal = goals.train.find((g) => Object.keys(g.goal_options).length > 0)!;
    const demo = demonstrateWebShop(shop, goal, false, createRng(1));
    expect(demo.success).toBe(true);
    expect(selectsOption(demo.actions[demo.decisive])).toBe(true);
    const weightedSteps = (condition: 'oracle' | 'none') => {
      const episode = sourceEpisode('webshop', goal.category, goal.instruction_text, { condition, rules: condition === 'oracle' ? ['a rule'] : [] }, demo);
      return episodeSequences(episode).flatMap((seq) => copyTargets(seq, episode).map((t) => seq.steps[seq.targets.indexOf(t)]));
    };
    expect(weightedSteps('oracle')).toContain(demo.decisive);
    expect(weightedSteps('none')).not.toContain(demo.decisive);
    // The product click before it copies a page label in either condition.
    expect(weightedSteps('none')).toContain(demo.decisive - 1);
  });

  it("never weights the typical mistake's own commands", () => {
    // Clean/heat/cool mistakes end with a put in the destination: that put must stay at weight 1.
    const rng = createRng(5);
    let checked = 0;
    for (const scene of scenes.filter((s) => s.taskType === 'pick_heat_then_place')) {
      const demo = demonstrate(scene, prior, true, rng);
      if (!demo.mistake) continue;
      const episode = sourceEpisode('alfworld', scene.taskType, scene.goalText, drawRules('alfworld', scene.taskType, rng), demo);
      // The mistake is [go to destination, put]; the put is missing when the destination is closed.
      if (!demo.actions.slice(demo.decisive).some((a) => a.startsWith('put '))) continue;
      for (const seq of episodeSequences(episode)) {
        const weighted = new Set(copyTargets(seq, episode));
        seq.targets.forEach((t, k) => {
          if (seq.steps[k] >= demo.decisive) expect(weighted.has(t)).toBe(false);
          if (seq.steps[k] < demo.decisive && demo.actions[seq.steps[k]].startsWith('take ')) expect(weighted.has(t)).toBe(true);
        });
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });
});

describe('search detours (noise injection)', () => {
  const scenes = trainScenes;
  const prior = buildSearchPrior(scenes);

  it('are context for the steps after them, never training targets', () => {
    const rng = createRng(11);
    let detours = 0;
    for (const scene of scenes.slice(0, 60)) {
      const demo = demonstrate(scene, prior, false, rng, 0.5);
      const episode = sourceEpisode('alfworld', scene.taskType, scene.goalText, { condition: 'none', rules: [] }, demo);
      const targeted = episodeSequences(episode).flatMap((seq) => seq.steps);
      for (const d of demo.detours) {
        expect(targeted).not.toContain(d);
        detours++;
      }
      expect(targeted).toHaveLength(demo.actions.length - demo.detours.length);
      // A detour still happened: the action after it is trained on a prompt that shows it.
      for (const d of demo.detours.filter((i) => i + 1 < demo.actions.length && !demo.detours.includes(i + 1))) {
        const seq = episodeSequences(episode).find((s) => s.steps.includes(d + 1))!;
        expect(seq.segs.slice(0, seq.targets[seq.steps.indexOf(d + 1)])).toContain(` ${demo.actions[d]}\n`);
      }
    }
    expect(detours).toBeGreaterThan(20);
  });

  it('fall on different steps in different episodes drawn from one generator (as the corpus draws them)', () => {
    const rng = createRng(13);
    const scene = scenes.find((s) => s.taskType === 'pick_and_place')!;
    const patterns = new Set(Array.from({ length: 20 }, () => demonstrate(scene, prior, false, rng, 0.3).detours.join(',')));
    expect(patterns.size).toBeGreaterThan(3);
  });

  it('leave the demonstrator able to finish: it recovers from wherever a detour left it', () => {
    const rng = createRng(12);
    const solved = scenes.slice(0, 60).filter((scene) => demonstrate(scene, prior, false, rng, 0.3).success).length;
    const clean = scenes.slice(0, 60).filter((scene) => demonstrate(scene, prior, false, createRng(1), 0).success).length;
    expect(solved).toBe(clean);
  });
});

describe('wrong rules that name an appliance are followed', () => {
  const scenes = trainScenes;
  const prior = buildSearchPrior(scenes);

  it('only in clean/heat/cool tasks, and only for another of those task types\' rules', () => {
    expect(conductFor('pick_heat_then_place', 'wrong', 'pick_cool_then_place')).toEqual({ kind: 'follow', appliance: 'Fridge' });
    expect(conductFor('pick_cool_then_place', 'wrong', 'pick_clean_then_place')).toEqual({ kind: 'follow', appliance: 'SinkBasin' });
    expect(conductFor('pick_heat_then_place', 'wrong', 'pick_two_obj')).toEqual({ kind: 'mistake' });
    expect(conductFor('pick_and_place', 'wrong', 'pick_heat_then_place')).toEqual({ kind: 'mistake' });
    expect(conductFor('pick_heat_then_place', 'none')).toEqual({ kind: 'mistake' });
    expect(conductFor('pick_heat_then_place', 'oracle')).toEqual({ kind: 'expert' });
  });

  it('go to the named appliance right after taking the object, stop there, and weight that step as a rule-following decision', () => {
    const rng = createRng(21);
    let checked = 0;
    for (const scene of scenes.filter((s) => s.taskType === 'pick_heat_then_place').slice(0, 12)) {
      const demo = demonstrate(scene, prior, { kind: 'follow', appliance: 'Fridge' }, rng);
      if (!demo.followedRule) continue;
      expect(demo.mistake).toBe(true);
      expect(demo.success).toBe(false);
      expect(demo.decisive).toBe(demo.actions.length - 1);
      // Right after the take: to the fridge, or, standing at the fridge it took the object from, cooling it there.
      expect(demo.actions.at(-1)).toMatch(/^(go to fridge \d+|cool .+ with fridge \d+)$/);
      expect(demo.actions.at(-2)).toMatch(/^take /);
      const draw = { condition: 'wrong' as const, rules: ['When the task is to cool X: ...'], wrongRuleTaskType: 'pick_cool_then_place' };
      const episode = sourceEpisode('alfworld', scene.taskType, scene.goalText, draw, demo);
      expect(episode.followsRule).toBe(true);
      const seq = episodeSequences(episode).find((s) => s.steps.includes(demo.decisive))!;
      // corpus.ts marks the decisive target of a rule-following episode for the loss weight
      expect(seq.targets[seq.steps.indexOf(demo.decisive)]).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
