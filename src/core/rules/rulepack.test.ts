import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_RULE_LENGTH, normalizeRuleText } from './rule';
import { parseRulePack, RulePackError } from './rulepack';

const pack = (name: string) => JSON.parse(readFileSync(`public/data/rulepacks/${name}.json`, 'utf8')) as unknown;

describe('rule packs', () => {
  it('parses the real Reflexion and KnowSelf packs', () => {
    const reflexion = parseRulePack(pack('reflexion_alfworld'), 'reflexion_alfworld.json');
    expect(reflexion.env).toBe('alfworld');
    expect(reflexion.sourceId).toBe('reflexion_alfworld');
    expect(reflexion.rules.length + reflexion.skipped.length).toBe(265);
    expect(reflexion.rules.length).toBeGreaterThan(250);
    const knowself = parseRulePack(pack('knowself_webshop'), 'knowself_webshop.json');
    expect(knowself.env).toBe('webshop');
    expect(knowself.rules.length).toBe(10);
  });

  it('refuses malformed files with the field named', () => {
    expect(() => parseRulePack([], 'a.json')).toThrow(RulePackError);
    expect(() => parseRulePack({ env: 'minecraft', rules: [] }, 'b.json')).toThrow(/b.json: field "env"/);
    expect(() => parseRulePack({ env: 'alfworld', rules: 'x' }, 'c.json')).toThrow(/c.json: field "rules" must be an array/);
  });

  it('skips odd entries and keeps the rest', () => {
    const parsed = parseRulePack(
      {
        env: 'alfworld',
        rules: [
          { text: '  <b>Heat</b>   the egg\u0000 first ' },
          { text: '' },
          { text: 'x'.repeat(MAX_RULE_LENGTH + 1) },
          42,
          { text: '<b>Heat</b> the egg first' },
          { text: 'Open the fridge.', taskType: 'pick_cool_then_place' },
        ],
      },
      'odd.json',
    );
    expect(parsed.rules).toEqual([
      { text: '<b>Heat</b> the egg first', taskType: null },
      { text: 'Open the fridge.', taskType: 'pick_cool_then_place' },
    ]);
    expect(parsed.skipped.map((s) => s.index)).toEqual([1, 2, 3, 4]);
    expect(parsed.skipped[0].reason).toMatch(/empty/);
    expect(parsed.skipped[1].reason).toMatch(/limit is 2000/);
  });

  it('normalizes rule text without dropping HTML', () => {
    expect(normalizeRuleText('<script>alert(1)</script>\n go')).toBe('<script>alert(1)</script> go');
    expect(() => normalizeRuleText(5)).toThrow(/must be a string/);
  });
});
