import { describe, expect, it } from 'vitest';
import { TASK_TYPES } from '../envs/task-types';
import { ALFWORLD_RULE_TEMPLATES, oracleTemplate, phrasings, WEBSHOP_RULE_TEMPLATES, wrongTemplates } from './templates';

describe('rule templates', () => {
  it('has one ALFWorld template per task type, with paraphrases', () => {
    for (const type of TASK_TYPES.alfworld) {
      const t = oracleTemplate('alfworld', type);
      expect(t.taskType).toBe(type);
      expect(phrasings(t).length).toBeGreaterThanOrEqual(3);
    }
    expect(ALFWORLD_RULE_TEMPLATES).toHaveLength(TASK_TYPES.alfworld.length);
  });

  it('abstracts objects as X (no object instance names) and stays one short line', () => {
    for (const t of [...ALFWORLD_RULE_TEMPLATES, ...WEBSHOP_RULE_TEMPLATES]) {
      for (const text of phrasings(t)) {
        expect(text).not.toMatch(/\d/);
        expect(text).not.toMatch(/\n/);
        expect(text.length).toBeLessThan(160);
      }
    }
  });

  it('gives wrong rules that never include the task type\'s own', () => {
    for (const type of TASK_TYPES.alfworld) {
      const wrong = wrongTemplates('alfworld', type);
      expect(wrong).toHaveLength(5);
      expect(wrong.some((t) => t.taskType === type)).toBe(false);
    }
    expect(wrongTemplates('webshop', 'food').every((t) => t.env === 'alfworld')).toBe(true);
    expect(oracleTemplate('webshop', 'food')).toBe(WEBSHOP_RULE_TEMPLATES[0]);
  });

  it('refuses an unknown ALFWorld task type', () => {
    expect(() => oracleTemplate('alfworld', 'juggle')).toThrow(/No rule template/);
  });
});
