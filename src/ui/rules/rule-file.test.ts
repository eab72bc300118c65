import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPool } from '../../core/rules/pool';
import { MAX_RULE_LENGTH } from '../../core/rules/rule';
import { parseRuleFile, RuleFileError, ruleFileOf } from './rule-file';

describe('rule file import', () => {
  it('reads a bundled pack', () => {
    const parsed = parseRuleFile(readFileSync('public/data/rulepacks/knowself_alfworld.json', 'utf8'), 'knowself_alfworld.json');
    expect(parsed.source).toBe('knowself_alfworld');
    expect(parsed.rules).toHaveLength(24);
    expect(parsed.rules.every((r) => r.env === 'alfworld' && r.taskType === null)).toBe(true);
    expect(parsed.skipped).toEqual([]);
  });

  it('refuses a malformed file whole, naming the field', () => {
    const bad = (text: string) => () => parseRuleFile(text, 'f.json');
    expect(bad('{"env": "alfworld", "rules": [')).toThrow(/^f\.json is not valid JSON/);
    expect(bad('[1, 2]')).toThrow('f.json: expected a JSON object with "rules" (and "env").');
    expect(bad('{"env": "minecraft", "rules": []}')).toThrow('f.json: field env: must be one of alfworld, webshop (got "minecraft").');
    expect(bad('{"env": "alfworld", "rules": {}}')).toThrow('f.json: field rules: must be an array of rules.');
    expect(bad('{"env": "alfworld", "rules": [{"text": "a", "pinned": "yes"}]}')).toThrow(/^f\.json: field rules\.0\.pinned: /);
    expect(bad('{"rules": [{"text": "a"}]}')).toThrow('f.json: rules.0 has no environment');
    expect(bad('{"env": "alfworld", "rules": [3]}')).toThrow(RuleFileError);
  });

  it('skips unusable rules with the reason and keeps the rest; HTML stays literal text, bidi controls go', () => {
    const text = JSON.stringify({
      env: 'alfworld',
      rules: [
        { text: '<b>Heat</b> the egg\u202e first.' },
        { text: '   ' },
        { text: 'x'.repeat(MAX_RULE_LENGTH + 1) },
        { text: 'Use the lamp.', taskType: 'fly_to_moon' },
        { text: 'Use the lamp.', taskType: 'look_at_obj_in_light', env: 'alfworld', pinned: true },
        { text: 'Pick the size.', env: 'webshop', taskType: 'fashion' },
      ],
    });
    const parsed = parseRuleFile(text, 'mixed.json');
    expect(parsed.rules).toEqual([
      { text: '<b>Heat</b> the egg first.', env: 'alfworld', taskType: null },
      { text: 'Use the lamp.', env: 'alfworld', taskType: 'look_at_obj_in_light', pinned: true },
      { text: 'Pick the size.', env: 'webshop', taskType: 'fashion' },
    ]);
    expect(parsed.skipped.map((s) => s.reason)).toEqual([
      'rules[1].text: Rule text is empty.',
      `rules[2].text: Rule text is ${MAX_RULE_LENGTH + 1} characters; the limit is ${MAX_RULE_LENGTH}. Shorten it or split it into several rules.`,
      'rules[3]: alfworld has no task type "fly_to_moon"',
    ]);
  });

  it("reads a run's rules.json: its active rules, each with its own env", () => {
    const pool = createPool({ initialRules: [{ env: 'alfworld', taskType: null, text: 'Kept.' }, { env: 'alfworld', taskType: null, text: 'Gone.' }] });
    const file = JSON.stringify({ format: 'jerp-rules/1', ...pool, rules: [pool.rules[0], { ...pool.rules[1], status: 'removed' }] });
    const parsed = parseRuleFile(file, 'rules.json');
    expect(parsed.rules.map((r) => r.text)).toEqual(['Kept.']);
    expect(parsed.skipped).toEqual([{ index: 1, reason: 'rules[1] is removed in its source' }]);
  });

  it('exports rules in a file that imports back to the same rules', () => {
    const pool = createPool({
      initialRules: [
        { env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat X first.', pinned: true },
        { env: 'webshop', taskType: null, text: 'Buy now.', origin: 'import' },
      ],
    });
    const back = parseRuleFile(ruleFileOf(pool.rules, 'library'), 'export.json');
    expect(back.source).toBe('library');
    expect(back.rules).toEqual([
      { text: 'Heat X first.', env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true, family: 'user', diagnosisKey: null },
      { text: 'Buy now.', env: 'webshop', taskType: null, pinned: false, family: 'user', diagnosisKey: null },
    ]);
  });
});
