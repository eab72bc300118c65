/**
 * Rebuilds playable scenes and replayable episodes from ReAct's 12 ALFWorld act transcripts
 * (react_act_transcripts.json), whose game files are not public. Pure: the scripts and tests call it.
 *
 * The scene holds exactly what the transcript reveals: the receptacles of the first look (in its order),
 * which ones are openable (closed/open texts), the objects each one held when first seen (minus what the
 * agent had put there), the goal from the task line. Types, object properties and canContain come from
 * the prior fitted to the real train games (plus every placement the transcript shows to work).
 *
 * The transcripts were edited by their authors in three places, which the episodes record openly:
 * - act_examine_0 keeps the "OK." answer of a removed `think:` step: replayed as a think step whose text
 *   is the harness's (harness_replaced), as in real_episodes_sample.json;
 * - act_heat_0 opens the fridge right after the first look, without the "go to fridge 1" the engine
 *   requires: that step is re-inserted (harness_replaced, its text was removed from the transcript);
 * - act_put_0 lists cabinet 1 as "a cloth 1, a soapbar 1, a soapbottle 1." without the ", and" the
 *   engine always writes: the step is played but not compared (harness_replaced, with a note).
 */
import rawPrior from '../../src/core/envs/alfworld/prior.json';
import type { AlfworldPrior } from '../../src/core/envs/alfworld/prior';
import { type AlfworldGoal, type AlfworldScene, parseScene, SCENE_FORMAT } from '../../src/core/envs/alfworld/scene';
import type { LoggedEpisode, LoggedStep } from '../../src/core/envs/alfworld/replay';
import type { AlfworldTaskType } from '../../src/core/envs/alfworld/task-types';

const prior = rawPrior as unknown as AlfworldPrior;
const typeOfClass = new Map(Object.entries(prior.classOf).map(([type, cls]) => [cls, type]));

const GOAL_PATTERNS: Array<[RegExp, AlfworldTaskType]> = [
  [/^(?:examine the (\w+) with the (\w+)|look at (\w+) under the (\w+))\.$/, 'look_at_obj_in_light'],
  [/^(?:clean some (\w+) and put it in (\w+)|put a clean (\w+) in (\w+))\.$/, 'pick_clean_then_place'],
  [/^(?:heat some (\w+) and put it in (\w+)|put a hot (\w+) in (\w+))\.$/, 'pick_heat_then_place'],
  [/^(?:cool some (\w+) and put it in (\w+)|put a cool (\w+) in (\w+))\.$/, 'pick_cool_then_place'],
  [/^(?:find two (\w+) and put them in (\w+)|put two (\w+) in (\w+))\.$/, 'pick_two_obj'],
  [/^(?:put a (\w+) in (\w+)|put some (\w+) on (\w+)|find some (\w+) and put it in (\w+))\.$/, 'pick_and_place'],
];

/** Steps the transcripts' authors changed, by transcript key and 1-based step number. */
const AUTHOR_EDITS: Record<string, { insertBefore?: Record<number, string>; notCompared?: Record<number, string> }> = {
  act_heat_0: { insertBefore: { 1: 'go to fridge 1' } },
  act_put_0: { notCompared: { 1: "the authors wrote this list without the ', and' the engine always writes" } },
};

function typeOf(cls: string): string {
  return typeOfClass.get(cls) ?? cls.charAt(0).toUpperCase() + cls.slice(1);
}

function classOfName(name: string): string {
  return name.replace(/ \d+$/, '');
}

function parseList(text: string): string[] {
  if (text === 'nothing') return [];
  return text.split(/, (?:and )?/).map((item) => item.replace(/^a /, ''));
}

function parseGoal(text: string, key: string): { taskType: AlfworldTaskType; goal: AlfworldGoal } {
  for (const [re, taskType] of GOAL_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const [obj, target] = m.slice(1).filter(Boolean);
    const goal: AlfworldGoal = taskType === 'look_at_obj_in_light' ? { object: typeOf(obj), toggle: typeOf(target) } : { object: typeOf(obj), receptacle: typeOf(target) };
    return { taskType, goal };
  }
  throw new Error(`${key}: unrecognised task line "${text}"`);
}

export interface RebuiltTranscript {
  scene: AlfworldScene;
  episode: LoggedEpisode & { note?: string };
}

export function rebuildTranscript(key: string, transcript: string): RebuiltTranscript {
  const lines = transcript.split('\n').filter((l) => l.length > 0);
  const look = lines[0];
  const task = lines[1];
  if (!look.startsWith('You are in the middle of a room.') || !task.startsWith('Your task is to: ')) {
    throw new Error(`${key}: expected the first look and the task line`);
  }
  const recNames = parseList(/you see (.*)\.$/.exec(look)?.[1] ?? '');
  const recIndex = new Map(recNames.map((n, i) => [n, i]));
  const openable = new Set<string>();

  // Walk the transcript: actions and their observations, think leftovers, author edits.
  const steps: LoggedStep[] = [];
  const edits = AUTHOR_EDITS[key] ?? {};
  let pendingAction: string | null = null;
  for (const line of lines.slice(2)) {
    if (line.startsWith('>')) {
      pendingAction = line.replace(/^>\s*/, '');
      continue;
    }
    if (pendingAction === null) {
      steps.push({ action: 'think: (removed by the transcript authors)', observation: line, harness_replaced: true });
      continue;
    }
    steps.push({ action: pendingAction, observation: line });
    pendingAction = null;
  }

  // What each receptacle held when first seen, undoing the agent's own placements.
  const initial = new Map<string, string[]>();
  const current = new Map<string, string[]>();
  const placements: Array<[string, string]> = [];
  for (const { observation: obs } of steps) {
    let m = /^(?:You open the ([\w ]+?)\. )?The ([\w ]+?) is open\. In it, you see (.*)\.$/.exec(obs);
    let rec: string | undefined;
    let seen: string[] | undefined;
    if (m) {
      rec = m[2];
      seen = parseList(m[3]);
      openable.add(rec);
    } else if ((m = /^The ([\w ]+?) is closed\.$/.exec(obs))) {
      openable.add(m[1]);
    } else if ((m = /^On the ([\w ]+?), you see (.*)\.$/.exec(obs))) {
      rec = m[1];
      seen = parseList(m[2]);
    } else if ((m = /^You pick up the ([\w ]+?) from the ([\w ]+?)\.$/.exec(obs))) {
      const [, obj, from] = m;
      if (!initial.has(from)) initial.set(from, [obj]);
      current.set(from, (current.get(from) ?? []).filter((o) => o !== obj));
    } else if ((m = /^You put the ([\w ]+?) in\/on the ([\w ]+?)\.$/.exec(obs))) {
      const [, obj, to] = m;
      current.set(to, [...(current.get(to) ?? []), obj]);
      placements.push([obj, to]);
    }
    if (rec !== undefined && seen !== undefined && !initial.has(rec)) {
      const placedHere = new Set(placements.filter(([, to]) => to === rec).map(([o]) => o));
      initial.set(rec, seen.filter((o) => !placedHere.has(o)));
      current.set(rec, seen);
    }
  }

  const objectNames = [...new Set([...initial.values()].flat())].sort((a, b) => {
    const ca = classOfName(a);
    const cb = classOfName(b);
    if (ca !== cb) return ca < cb ? -1 : 1;
    return Number(b.split(' ').pop()) - Number(a.split(' ').pop());
  });
  const { taskType, goal } = parseGoal(task.slice('Your task is to: '.length), key);
  const receptacles = recNames.map((name, i) => {
    const rec = { name, type: typeOf(classOfName(name)), loc: i + 1 };
    return openable.has(name) ? { ...rec, openable: true } : rec;
  });
  const objects = objectNames.map((name) => {
    const holders = [...initial].filter(([, list]) => list.includes(name)).map(([r]) => recIndex.get(r) as number);
    const type = typeOf(classOfName(name));
    return { name, type, at: holders.map((r) => r + 1), in: holders, props: prior.objectProps[type] ?? 'p' };
  });
  const objectTypes = new Set(objects.map((o) => o.type));
  const canContain: Record<string, string[]> = {};
  for (const r of receptacles) canContain[r.type] = (prior.canContain[r.type] ?? []).filter((t) => objectTypes.has(t));
  for (const [obj, to] of placements) {
    const rtype = typeOf(classOfName(to));
    const otype = typeOf(classOfName(obj));
    if (!canContain[rtype].includes(otype)) canContain[rtype] = [...canContain[rtype], otype].sort();
  }
  const id = `react/${key}`;
  const scene = parseScene(
    {
      format: SCENE_FORMAT,
      id,
      taskType,
      goalText: task.slice('Your task is to: '.length),
      goal,
      start: 0,
      locations: Array.from({ length: recNames.length + 1 }, (_, i) => `loc ${i + 1}`),
      receptacles,
      objects,
      canContain,
    },
    `react_act_transcripts.json ${key}`,
  );

  // The episode, with the authors' edits made explicit.
  const episodeSteps: LoggedStep[] = [];
  let actionNumber = 0;
  for (const step of steps) {
    if (!step.harness_replaced) actionNumber++;
    const inserted = edits.insertBefore?.[actionNumber];
    if (inserted && !step.harness_replaced) episodeSteps.push({ action: inserted, observation: '(step removed from the transcript by its authors)', harness_replaced: true });
    const reason = step.harness_replaced ? undefined : edits.notCompared?.[actionNumber];
    episodeSteps.push(reason ? { ...step, harness_replaced: true, note: reason } as LoggedStep : step);
  }
  const episode = {
    id,
    gamefile: id,
    task_type: taskType,
    initial_observation: look,
    task,
    steps: episodeSteps,
    // Every transcript is a successful demonstration.
    won: true,
  };
  return { scene, episode };
}

export function rebuildTranscripts(transcripts: Record<string, string>): RebuiltTranscript[] {
  return Object.entries(transcripts).map(([key, text]) => rebuildTranscript(key, text));
}
