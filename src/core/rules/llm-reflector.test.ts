import { describe, expect, it } from 'vitest';
import { alfworldEnv, expertActions, mistakenActions, recordEpisode, sceneOf } from './episodes.fixture';
import { buildReflectorPrompt, llmReflectorAvailability, MAX_REFLECTOR_RULE_LENGTH, parseReflectorOutput } from './llm-reflector';
import { applyOps, createPool, type PoolState } from './pool';

/** r1 heat (learner), r2 heat (learner), r3 pinned (person), r4 absorbed. */
function pool(): PoolState {
  const start = createPool({ initialRules: [] });
  const learner = { iteration: 1, source: 'reflector' as const };
  let p = applyOps(start, [
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'When the task is to heat X: take X first, then go to the microwave before the destination.', provenance: learner },
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat the object before putting it away.', provenance: learner },
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'A person wrote this.', pinned: true, provenance: { iteration: 1, source: 'user' } },
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_cool_then_place', text: 'Cool rule.', provenance: learner },
  ]).pool;
  p = applyOps(p, [{ kind: 'ABSORB', ruleId: 'r4', provenance: { iteration: 2, source: 'absorption' } }]).pool;
  return p;
}

describe('buildReflectorPrompt', () => {
  const scene = sceneOf('pick_heat_then_place');
  const env = alfworldEnv(scene);
  const failed = recordEpisode(env, mistakenActions(scene), { id: 'f' });
  const reference = recordEpisode(env, expertActions(scene), { id: 'r' });
  const prompt = buildReflectorPrompt(failed, reference, pool().rules);

  it('shows both trajectories compactly, step by step', () => {
    expect(prompt).toContain('Failed attempt (failed, reward 0.00, 4 steps)');
    expect(prompt).toContain('Successful attempt (succeeded, reward 1.00, 9 steps)');
    expect(prompt).toContain('     did: heat apple 2 with microwave 1');
    expect(prompt).toContain(`Failed attempt's task: ${failed.goal}`);
    for (const line of prompt.split('\n').filter((l) => l.includes('saw:'))) expect(line.length).toBeLessThan(180);
  });

  it('lists the active rules with their ids and says which are pinned', () => {
    expect(prompt).toContain('r1 [pick_heat_then_place] (importance 2): When the task is to heat X');
    expect(prompt).toContain('r3 [pick_heat_then_place] (importance 2, pinned: do not change): A person wrote this.');
    expect(prompt).not.toContain('Cool rule.'); // absorbed
  });

  it('states the exact output grammar', () => {
    for (const form of ['ADD [<task type, or * for every task>]: <rule text>', 'EDIT <id>: <new rule text>', 'UPVOTE <id>', 'DOWNVOTE <id>', 'MERGE <id>,<id>: <merged rule text>', 'NONE']) {
      expect(prompt).toContain(form);
    }
    expect(buildReflectorPrompt(failed, reference, [])).toContain('  (none)');
  });
});

describe('parseReflectorOutput: good replies', () => {
  const context = { env: 'alfworld' as const, iteration: 7, failedEpisode: 'it7-g1-e3', referenceEpisode: 'it7-g1-e0' };

  it('reads a reply that adds and votes', () => {
    const reply = 'ADD [pick_heat_then_place]: When the task is to heat X: heat X in the microwave before you put it in Y.\nUPVOTE r1\nDOWNVOTE r2\n';
    const result = parseReflectorOutput(reply, pool(), context);
    expect(result).toEqual({
      ok: true,
      ops: [
        { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'When the task is to heat X: heat X in the microwave before you put it in Y.', provenance: expect.objectContaining({ iteration: 7, source: 'reflector', failedEpisode: 'it7-g1-e3', referenceEpisode: 'it7-g1-e0' }) },
        { kind: 'UPVOTE', ruleId: 'r1', provenance: expect.any(Object) },
        { kind: 'DOWNVOTE', ruleId: 'r2', provenance: expect.any(Object) },
      ],
    });
    // and the ops apply
    const applied = applyOps(pool(), result.ok ? result.ops : []);
    expect(applied.skipped).toEqual([]);
    expect(applied.applied.map((a) => a.kind)).toEqual(['ADD', 'UPVOTE', 'DOWNVOTE']);
  });

  it('reads EDIT, MERGE, ADD [*], blank lines and surrounding spaces', () => {
    const reply = '\n  EDIT r2: Heat X with the microwave, then put it in Y.  \n\nMERGE r1, r2: When the task is to heat X: take X first, then go to the microwave before the destination.\nADD [*]: Read the whole task before acting.\n';
    const result = parseReflectorOutput(reply, pool(), context);
    expect(result.ok && result.ops.map((o) => [o.kind, o.ruleId ?? o.mergeIds ?? o.taskType, o.text])).toEqual([
      ['EDIT', 'r2', 'Heat X with the microwave, then put it in Y.'],
      ['MERGE', ['r1', 'r2'], 'When the task is to heat X: take X first, then go to the microwave before the destination.'],
      ['ADD', null, 'Read the whole task before acting.'],
    ]);
  });

  it('reads NONE as no change, and infers the environment from a task type', () => {
    expect(parseReflectorOutput('NONE\n', pool())).toEqual({ ok: true, ops: [] });
    const result = parseReflectorOutput('ADD [food]: Click every option the instruction names before Buy Now.', pool());
    expect(result.ok && result.ops[0]).toMatchObject({ env: 'webshop', taskType: 'food' });
  });
});

describe('parseReflectorOutput: malformed replies are rejected whole, naming the line', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a numbered list', '1. ADD [pick_heat_then_place]: Heat X first.', /^line 1: not an operation/],
    ['a code fence', '```\nUPVOTE r1\n```', /^line 1: not an operation/],
    ['chatter after good lines', 'UPVOTE r1\nI hope this helps!', /^line 2: not an operation.*"I hope this helps!"/],
    ['an unknown id', 'UPVOTE r1\nDOWNVOTE r9', /^line 2: unknown rule id r9/],
    ['a pinned rule', 'EDIT r3: Something else.', /^line 1: rule r3 is pinned/],
    ['an absorbed rule', 'UPVOTE r4', /^line 1: rule r4 is absorbed, not active/],
    ['an empty text', 'EDIT r1:    ', /^line 1: Rule text is empty/],
    ['an empty merged text', 'MERGE r1,r2:', /^line 1: Rule text is empty/],
    ['an oversized text', `ADD [pick_heat_then_place]: ${'heat '.repeat(80)}`, new RegExp(`^line 1: rule text is \\d+ characters; at most ${MAX_REFLECTOR_RULE_LENGTH}`)],
    ['an unknown task type', 'ADD [pick_juggle]: Juggle X.', /^line 1: unknown alfworld task type "pick_juggle"/],
    ['a task type of another environment', 'ADD [food]: Eat X.', /^line 1: unknown alfworld task type "food"/],
    ['a lower-case kind', 'upvote r1', /^line 1: not an operation/],
    ['a vote with text', 'UPVOTE r1: because it helped', /^line 1: not an operation/],
    ['a merge of one rule', 'MERGE r1: Heat X.', /^line 1: not an operation/],
    ['a merge naming a rule twice', 'MERGE r1,r1: Heat X.', /^line 1: MERGE names a rule twice/],
    ['NONE among operations', 'UPVOTE r1\nNONE', /^line 2: NONE must be the only line/],
    ['an empty reply', '  \n\n', /^reflector output is empty/],
    ['too many operations', Array.from({ length: 13 }, () => 'UPVOTE r1').join('\n'), /has 13 operations; at most 12/],
  ];
  for (const [what, reply, error] of cases) {
    it(what, () => {
      const result = parseReflectorOutput(reply, pool(), { env: 'alfworld' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(error);
    });
  }

  it('an ADD whose environment cannot be told', () => {
    expect(parseReflectorOutput('ADD [*]: Be careful.', pool())).toEqual({ ok: false, error: 'line 1: ADD [*] does not say which environment it is for: "ADD [*]: Be careful."' });
    expect(parseReflectorOutput('ADD [pick_juggle]: Juggle X.', pool())).toMatchObject({ ok: false, error: expect.stringMatching(/^line 1: ADD \[pick_juggle\] does not say/) });
  });

  it('a merge across scopes', () => {
    const p = applyOps(pool(), [{ kind: 'ADD', env: 'alfworld', taskType: 'pick_cool_then_place', text: 'Cool X.', provenance: { iteration: 1, source: 'reflector' } }]).pool;
    const result = parseReflectorOutput('MERGE r1,r5: Something.', p);
    expect(result).toEqual({ ok: false, error: 'line 1: MERGE of rules with different scopes (r1 and r5): "MERGE r1,r5: Something."' });
  });
});

describe('llmReflectorAvailability', () => {
  it('is not available for the embedded model, which only scores actions', () => {
    const verdict = llmReflectorAvailability({ id: 'jerp-tiny', params: 2_360_000 });
    expect(verdict.available).toBe(false);
    if (!verdict.available) expect(verdict.reason).toMatch(/2\.4M parameters.*cannot follow a reflection instruction/);
  });

  it('is available for instruction-tuned hub models, not for base or tiny ones', () => {
    expect(llmReflectorAvailability({ id: 'HuggingFaceTB/SmolLM2-360M-Instruct', params: 360e6 })).toEqual({ available: true });
    expect(llmReflectorAvailability({ id: 'onnx-community/Qwen2.5-0.5B-Instruct', params: 494e6 })).toEqual({ available: true });
    expect(llmReflectorAvailability({ id: 'google/gemma-2-2b-it', params: 2.6e9 })).toEqual({ available: true });
    expect(llmReflectorAvailability({ id: 'HuggingFaceTB/SmolLM2-360M', params: 360e6 }).available).toBe(false);
    expect(llmReflectorAvailability({ id: 'someone/tiny-instruct', params: 20e6 }).available).toBe(false);
  });
});
