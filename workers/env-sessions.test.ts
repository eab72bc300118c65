/** Play sessions in the worker: an empty command is refused without using a step; a closed session says so. */
import { describe, expect, it } from 'vitest';
import { closeSession, EmptyCommandError, openSession, PlaySessionGoneError, stepSession } from './env-sessions';

describe('play sessions', () => {
  it('refuses an empty or blank command without using up a step', async () => {
    const session = await openSession({ env: 'alfworld', generatedSeed: 3 });
    for (const blank of ['', '   ', '\n\t'])
      expect(() => stepSession(session.sessionId, blank)).toThrow(EmptyCommandError);
    const after = stepSession(session.sessionId, '  look  ');
    // The first real command is step 1, trimmed as the game reads it.
    expect(after.observation.step).toBe(1);
    expect(after.steps.map((s) => s.action)).toEqual(['look']);
  });

  it('says a closed session is gone instead of playing on', async () => {
    const session = await openSession({ env: 'alfworld', generatedSeed: 4 });
    expect(closeSession(session.sessionId)).toEqual({ closed: true });
    expect(() => stepSession(session.sessionId, 'look')).toThrow(PlaySessionGoneError);
    expect(() => stepSession(session.sessionId, 'look')).toThrow(/no longer open/);
  });
});
