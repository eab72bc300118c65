import { describe, expect, it } from 'vitest';
import { TASK_TYPES } from '../envs/task-types';
import { ALFWORLD_RULE_TEMPLATES, LOCATION_RULE_TEMPLATE, locationRuleText, oracleTemplate, phrasings, placePhrase, WEBSHOP_RULE_TEMPLATES, wrongTemplates } from './templates';

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

describe('location rules', () => {
  it('name the object and the receptacle types by type, in or on as the receptacle takes it', () => {
    expect(locationRuleText('Apple', ['Fridge'])).toBe('When the task involves an apple: look for it in the fridge first.');
    expect(locationRuleText('SoapBottle', ['CounterTop'])).toBe('When the task involves a soapbottle: look for it on the countertop first.');
    expect(locationRuleText('Mug', ['Cabinet', 'CounterTop', 'Cabinet', 'SinkBasin'])).toBe('When the task involves a mug: look for it in the cabinet, on the countertop and in the sinkbasin first.');
    expect(placePhrase('Drawer')).toBe('in the drawer');
    expect(() => locationRuleText('Mug', [])).toThrow();
  });

  it('never look like a procedure rule', () => {
    const text = locationRuleText('Apple', ['Fridge']);
    expect(text).not.toMatch(/\d/);
    for (const t of [...ALFWORLD_RULE_TEMPLATES, ...WEBSHOP_RULE_TEMPLATES]) expect(phrasings(t)).not.toContain(text);
    expect(LOCATION_RULE_TEMPLATE).toContain('X');
  });
});
