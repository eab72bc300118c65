/** `rules` command group: checks rule packs before they are imported into the lab. */
import { readFileSync } from 'node:fs';
import { type CommandGroup, UsageError } from '../command';
import { flag } from '../args';
import { parseRulePack } from '../../src/core/rules/rulepack';

const group: CommandGroup = {
  summary: 'Rule packs: validate a pack file the way the lab imports it',
  subcommands: {
    validate: {
      summary: 'Parse a rule pack; print how many rules import and which entries are skipped and why',
      usage: 'rules validate FILE [--json]',
      async run(args, io) {
        const file = args.positionals[0];
        if (!file) throw new UsageError('rules validate needs a FILE');
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new Error(`${file}: ${(error as Error).message}`);
        }
        const pack = parseRulePack(json, file);
        const taskTypes: Record<string, number> = {};
        for (const rule of pack.rules) taskTypes[rule.taskType ?? 'any'] = (taskTypes[rule.taskType ?? 'any'] ?? 0) + 1;
        const summary = { file, env: pack.env, source: pack.sourceId, rules: pack.rules.length, skipped: pack.skipped, taskTypes };
        if (flag(args, 'json')) io.json(summary);
        else {
          io.log(`${file}: ${pack.rules.length} ${pack.env} rules from ${pack.sourceId}; ${pack.skipped.length} skipped`);
          for (const s of pack.skipped) io.log(`  skipped: ${s.reason}`);
        }
        return 0;
      },
    },
  },
};

export default group;
