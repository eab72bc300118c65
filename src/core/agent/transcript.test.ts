import { describe, expect, it } from 'vitest';
import { PromptHistory } from './promptHistory';
import { historyFromTranscript, parseTranscript, TranscriptError } from './transcript';

const EPISODE = `You are in the middle of a room. Looking quickly around you, you see a countertop 1, and a fridge 1.
> go to countertop 1
On the countertop 1, you see a egg 1.

> take egg 1 from countertop 1
You pick up the egg 1 from the countertop 1.`;

describe('parseTranscript', () => {
  it('reads the first observation and each action with the observation after it', () => {
    const t = parseTranscript(EPISODE);
    expect(t.initialObservation).toMatch(/^You are in the middle/);
    expect(t.steps).toEqual([
      { action: 'go to countertop 1', observation: 'On the countertop 1, you see a egg 1.' },
      { action: 'take egg 1 from countertop 1', observation: 'You pick up the egg 1 from the countertop 1.' },
    ]);
  });

  it('says what is wrong with a malformed episode', () => {
    expect(() => parseTranscript('  \n ')).toThrow(TranscriptError);
    expect(() => parseTranscript('> look\nNothing happens.')).toThrow(/starts with an action/);
    expect(() => parseTranscript('Room.\n> look')).toThrow(/\("look"\) has no observation/);
    expect(() => parseTranscript('Room.\n>\nNothing.')).toThrow(/no action/);
    expect(() => parseTranscript('Room.\nAnother observation.')).toThrow(/Line 2 should be an action/);
  });
});

describe('historyFromTranscript', () => {
  it('builds the prompt the agent would have built step by step', () => {
    const goal = 'put a hot egg in fridge.';
    const rules = ['When the task is to heat X: use the microwave.'];
    const agent = new PromptHistory(goal, rules, parseTranscript(EPISODE).initialObservation);
    agent.push('go to countertop 1', 'On the countertop 1, you see a egg 1.');
    agent.push('take egg 1 from countertop 1', 'You pick up the egg 1 from the countertop 1.');
    const typed = historyFromTranscript(goal, rules, parseTranscript(EPISODE));
    expect(typed.prefixSegments()).toEqual(agent.prefixSegments());
    expect(typed.candidateSegments(['go to fridge 1'])).toEqual([' go to fridge 1\n']);
  });
});
