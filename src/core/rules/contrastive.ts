/**
 * The deterministic contrastive reflector: diagnosis first, then the pool operation.
 *
 * Diagnosis: the first milestone (milestones.ts) the successful reference reached and the failure
 * missed. A procedure miss (the task type's own step: transformed for clean/heat/cool, lamp for
 * look_at, placed for pick_and_place, second for pick_two; WebShop: product, options or buy) gets the
 * canonical rule of templates.ts for that task type, the phrasing the embedded model was trained to
 * read. A search miss (the failure never found the object) gets no procedure rule: at most a location
 * rule ('location' family) naming where the reference found that kind of object. Other misses (say a
 * heat task whose failure heated the object and never placed it) have no template: diagnosed, no rule.
 *
 * Operation, for a diagnosis with a rule (rules compared within the rule's scope; a rule "addresses"
 * the diagnosis when it carries its key or already has its text):
 *   MERGE     two or more unpinned active rules address it (the oldest id is kept)
 *   DOWNVOTE  one that addresses it was in the failed episode's prompt, and the episode still failed there
 *   UPVOTE    one addresses it and was not in the prompt: the same diagnosis again
 *   EDIT      none does, but a person's or an imported rule of the scope (unpinned, not yet matched)
 *             is about the same step by its words (heat/microwave, lamp/light, option/size/price, ...):
 *             it gets the model's phrasing and takes the diagnosis key
 *   ADD       otherwise, with the reference's decisive state
 * Only pinned rules addressing it: nothing (the person's rule stands).
 *
 * Held-out guard: reflection on an episode of a split other than 'train' throws.
 */
import type { EnvKind } from '../envs/types';
import type { EpisodeRecord } from '../learn/records';
import { decisiveStateAt, type DecisiveState } from './decisive';
import { firstMiss, type Milestone, type MilestoneTrace } from './milestones';
import type { PoolRule, PoolState, Provenance, RuleFamily, RuleOp } from './pool';
import { comparableText, ruleNumber } from './pool-helpers';
import { contentWords } from './retrieval';
import { displayType, locationRuleText, oracleTemplate, placePhrase } from './templates';

export interface ReflectionInput {
  iteration: number;
  failed: EpisodeRecord;
  reference: EpisodeRecord;
  failedTrace: MilestoneTrace;
  referenceTrace: MilestoneTrace;
  pool: PoolState;
}

export interface Diagnosis {
  /** `<env>:<scope task type or *>:<milestone>` (location rules add `:<object type>`), e.g. 'alfworld:pick_heat_then_place:transformed'. */
  key: string;
  milestone: Milestone;
  family: Exclude<RuleFamily, 'user'>;
  env: EnvKind;
  /** The rule's scope: the ALFWorld task type, or null (WebShop rules apply to every task). */
  taskType: string | null;
  /** The rule for this miss, or null when the miss has no rule (see the module comment). */
  text: string | null;
  /** What happened, for people: "the failure took the apple but never heated it; the reference heated it at the microwave at step 7". */
  summary: string;
  /** Where the rule's advice applies in the reference (null when it was already true at the start). */
  decisiveState: DecisiveState | null;
}

/** The milestone each ALFWorld task type's template is about. */
export const PROCEDURE_MILESTONE: Record<string, Milestone> = {
  pick_and_place: 'placed',
  look_at_obj_in_light: 'lamp',
  pick_clean_then_place: 'transformed',
  pick_heat_then_place: 'transformed',
  pick_cool_then_place: 'transformed',
  pick_two_obj: 'second',
};

const TRANSFORM: Record<string, { verb: string; past: string }> = {
  pick_clean_then_place: { verb: 'clean', past: 'cleaned' },
  pick_heat_then_place: { verb: 'heat', past: 'heated' },
  pick_cool_then_place: { verb: 'cool', past: 'cooled' },
};

/** Words by which a person's rule is about the same step (matched as word prefixes). */
const KEYWORDS: Record<string, readonly string[]> = {
  pick_clean_then_place: ['clean', 'wash', 'rins', 'sink'],
  pick_heat_then_place: ['heat', 'hot', 'microwave', 'warm'],
  pick_cool_then_place: ['cool', 'cold', 'fridge', 'chill', 'refrigerat'],
  look_at_obj_in_light: ['lamp', 'light', 'desklamp', 'floorlamp'],
  pick_two_obj: ['two', 'second', 'both', 'another'],
  pick_and_place: ['put', 'place', 'receptacle', 'destination'],
  webshop: ['option', 'size', 'color', 'colour', 'price', 'budget', 'bound', 'cheap', 'cost'],
};

function assertTrain(episode: EpisodeRecord, role: string): void {
  if (episode.split !== 'train') {
    throw new Error(`held-out guard: episode ${episode.id} (task ${episode.taskId}) is from the ${episode.split} split and cannot be the ${role} of a reflection; held-out tasks never feed the learner`);
  }
}

function checkInput(input: ReflectionInput): void {
  const { failed, reference, failedTrace, referenceTrace } = input;
  assertTrain(failed, 'failed episode');
  assertTrain(reference, 'reference');
  if (failed.env !== reference.env) throw new Error(`reflection pairs a ${failed.env} failure with a ${reference.env} reference`);
  if (failed.env === 'alfworld' && failed.taskType !== reference.taskType) {
    throw new Error(`reflection pairs a ${failed.taskType} failure with a ${reference.taskType} reference: milestones differ by task type`);
  }
  if (failedTrace.taskId !== failed.taskId || referenceTrace.taskId !== reference.taskId) throw new Error('reflection: a milestone trace belongs to another task than its episode');
}

/** Step number (1-based) for people. */
const stepNo = (index: number): number => index + 1;

function alfworldPhrases(trace: MilestoneTrace, taskType: string) {
  const object = displayType(trace.subject);
  const where = (m: Milestone) => (trace.where[m] ? ` ${placePhrase(trace.where[m]!)}` : '');
  const t = TRANSFORM[taskType];
  const reached: Record<string, () => string> = {
    found: () => `found the ${object}${where('found')}`,
    taken: () => `took the ${object}`,
    transformed: () => `${t?.past ?? 'transformed'} it${trace.where.transformed ? ` at the ${displayType(trace.where.transformed)}` : ''}`,
    lamp: () => `used the ${displayType(trace.where.lamp ?? 'lamp')} while holding it`,
    placed: () => `put it${where('placed')}`,
    second: () => `put a second ${object}${where('second')}`,
  };
  const missed: Record<string, () => string> = {
    found: () => `never found the ${object}`,
    taken: () => `never took the ${object}`,
    transformed: () => `never ${t?.past ?? 'transformed'} it`,
    lamp: () => 'never used the lamp while holding it',
    placed: () => 'never put it in a receptacle of the goal type',
    second: () => `never put a second ${object} there`,
  };
  return { reached, missed };
}

const WEBSHOP_REACHED: Record<string, string> = {
  product: 'opened a product of the right kind within the price bound',
  options: 'selected every option the instruction names',
  buy: 'bought such a product',
};
const WEBSHOP_MISSED: Record<string, string> = {
  product: 'never opened a product of the right kind within the price bound',
  options: 'never selected every option the instruction names',
  buy: 'never bought a product of the right kind within the price bound',
};

function summaryOf(m: Milestone, input: ReflectionInput): string {
  const { failedTrace: f, referenceTrace: r } = input;
  const before = f.expected.slice(0, f.expected.indexOf(m)).filter((x) => f.reached[x] !== undefined);
  const last = before[before.length - 1];
  const at = r.reached[m]!;
  const when = at < 0 ? 'from the start' : `at step ${stepNo(at)}`;
  if (f.env === 'webshop') {
    const lead = last ? `${WEBSHOP_REACHED[last]} but ` : '';
    const where = r.where[m] ? ` (${r.where[m]})` : '';
    return `the failure ${lead}${WEBSHOP_MISSED[m]}; the reference ${WEBSHOP_REACHED[m]}${where} ${when}`;
  }
  const failed = alfworldPhrases(f, f.taskType);
  const reference = alfworldPhrases(r, r.taskType);
  const lead = last ? `${failed.reached[last]()} but ` : '';
  return `the failure ${lead}${failed.missed[m]()}; the reference ${reference.reached[m]()} ${when}`;
}

/** The reference's state where the advice applies: its decisive step when that comes no later than the milestone, else the milestone's step. */
function decisiveFor(m: Milestone, procedure: boolean, input: ReflectionInput): DecisiveState | null {
  const { reference, referenceTrace } = input;
  const reachedAt = referenceTrace.reached[m];
  if (reachedAt === undefined || reachedAt < 0) return null;
  const d = referenceTrace.decisive;
  const index = procedure && d >= 0 && d <= reachedAt ? d : reachedAt;
  const actions = reference.steps.map((s) => s.action);
  return index < actions.length ? decisiveStateAt(reference.taskId, actions, index) : null;
}

export function diagnose(input: ReflectionInput): Diagnosis | null {
  checkInput(input);
  const { failedTrace, referenceTrace } = input;
  const m = firstMiss(failedTrace, referenceTrace);
  if (m === null) return null;
  const summary = summaryOf(m, input);
  if (failedTrace.env === 'webshop') {
    const text = oracleTemplate('webshop', failedTrace.taskType).canonical;
    return { key: `webshop:*:${m}`, milestone: m, family: 'procedure', env: 'webshop', taskType: null, text, summary, decisiveState: decisiveFor(m, true, input) };
  }
  const taskType = failedTrace.taskType;
  const base = { milestone: m, env: 'alfworld' as const, taskType, summary };
  if (m === 'found') {
    // Never found: where the reference found (else took) that kind of object is the only advice.
    const place = referenceTrace.where.found ?? referenceTrace.where.taken;
    const object = referenceTrace.subject;
    return {
      ...base,
      key: `alfworld:${taskType}:found:${displayType(object)}`,
      family: 'location',
      text: place ? locationRuleText(object, [place]) : null,
      decisiveState: decisiveFor(m, false, input),
    };
  }
  const procedure = PROCEDURE_MILESTONE[taskType] === m;
  return {
    ...base,
    key: `alfworld:${taskType}:${m}`,
    family: 'procedure',
    text: procedure ? oracleTemplate('alfworld', taskType).canonical : null,
    decisiveState: procedure ? decisiveFor(m, true, input) : null,
  };
}

/** Does a person's rule speak about the diagnosed step (by its words)? */
function aboutSameStep(rule: PoolRule, d: Diagnosis, subject: string): boolean {
  const words = [...contentWords(rule.text)];
  const has = (stems: readonly string[]) => words.some((w) => stems.some((s) => w.startsWith(s)));
  if (d.family === 'location') return has([displayType(subject)]) && has(['look', 'search', 'find', 'where', 'check']);
  return has(KEYWORDS[d.env === 'webshop' ? 'webshop' : (d.taskType ?? '')] ?? []);
}

export function reflectContrastive(input: ReflectionInput): { diagnosis: Diagnosis | null; ops: RuleOp[] } {
  const diagnosis = diagnose(input);
  if (!diagnosis || diagnosis.text === null) return { diagnosis, ops: [] };
  const d = diagnosis as Diagnosis & { text: string };
  const provenance: Provenance = { iteration: input.iteration, failedEpisode: input.failed.id, referenceEpisode: input.reference.id, diagnosis: d.summary, source: 'reflector' };
  const byAge = (a: PoolRule, b: PoolRule) => ruleNumber(a.id) - ruleNumber(b.id);
  const scope = input.pool.rules.filter((r) => r.status === 'active' && r.env === d.env && r.taskType === d.taskType).sort(byAge);
  const text = comparableText(d.text);
  const addressing = scope.filter((r) => r.diagnosisKey === d.key || comparableText(r.text) === text);
  const unpinned = addressing.filter((r) => !r.pinned);
  const retrieved = new Set(input.failed.steps.flatMap((s) => s.ruleIds));
  const state = d.decisiveState ? { decisiveState: d.decisiveState } : {};

  if (unpinned.length >= 2) {
    return { diagnosis, ops: [{ kind: 'MERGE', mergeIds: unpinned.map((r) => r.id), text: d.text, diagnosisKey: d.key, ...state, provenance }] };
  }
  if (addressing.length > 0) {
    const target = unpinned[0];
    if (!target) return { diagnosis, ops: [] };
    if (retrieved.has(target.id)) return { diagnosis, ops: [{ kind: 'DOWNVOTE', ruleId: target.id, provenance }] };
    return { diagnosis, ops: [{ kind: 'UPVOTE', ruleId: target.id, ...state, provenance }] };
  }
  const subject = input.referenceTrace.subject;
  const person = scope.find((r) => (r.origin === 'user' || r.origin === 'import') && !r.pinned && r.diagnosisKey === null && aboutSameStep(r, d, subject));
  if (person) {
    return { diagnosis, ops: [{ kind: 'EDIT', ruleId: person.id, text: d.text, diagnosisKey: d.key, family: d.family, ...state, provenance }] };
  }
  return { diagnosis, ops: [{ kind: 'ADD', env: d.env, taskType: d.taskType, text: d.text, family: d.family, diagnosisKey: d.key, ...state, provenance }] };
}
