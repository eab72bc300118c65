import { describe, expect, it } from 'vitest';
import { applyOps, createPool } from './pool';
import { stepRuleTexts } from './step-rule-texts';

describe('stepRuleTexts', () => {
  const added = applyOps(createPool(), [{ kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat the object with the microwave.', provenance: { iteration: 0, source: 'user' } }]);
  const id = added.applied[0].ruleId;
  const edited = applyOps(added.pool, [{ kind: 'EDIT', ruleId: id, text: 'Heat it in the microwave before placing it.', provenance: { iteration: 1, source: 'user' } }]).pool;

  it('shows the version the step saw, not the rule as it is now', () => {
    expect(stepRuleTexts({ ruleIds: [id], ruleVersions: [1] }, edited)).toEqual([{ id, text: 'Heat the object with the microwave.', source: 'seen', version: 1 }]);
    expect(stepRuleTexts({ ruleIds: [id], ruleVersions: [2] }, edited)[0].text).toBe('Heat it in the microwave before placing it.');
  });
  it('falls back to the current text, labelled, without versions, and marks unknown rules missing', () => {
    expect(stepRuleTexts({ ruleIds: [id, 'r999'] }, edited)).toEqual([
      { id, text: 'Heat it in the microwave before placing it.', source: 'current' },
      { id: 'r999', text: '', source: 'missing' },
    ]);
    expect(stepRuleTexts({ ruleIds: [id] }, null)).toEqual([{ id, text: '', source: 'missing' }]);
  });
});
