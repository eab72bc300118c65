/**
 * The lab's one Node entry: `npm run cli -- <group> <subcommand> [options]`.
 * Command groups are discovered from `cli/commands/*.ts` (each default-exports a CommandGroup),
 * so every capability adds its own file and nothing else.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from './args';
import { type CommandGroup, type CommandIO, UsageError } from './command';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

/**
 * A group may name a default subcommand, run when the word after the group is an option rather than
 * a subcommand: `experiment --env alfworld …` is `experiment run --env alfworld …`.
 */
type GroupWithDefault = CommandGroup & { defaultSubcommand?: string };

function groupNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

/** Loads only the groups asked for: some pull in heavy modules (the model runtime). */
async function loadGroups(names: string[]): Promise<Map<string, CommandGroup>> {
  const groups = new Map<string, CommandGroup>();
  for (const name of names) {
    const module = (await import(pathToFileURL(join(commandsDir, `${name}.ts`)).href)) as { default: CommandGroup };
    groups.set(name, module.default);
  }
  return groups;
}

function helpText(groups: Map<string, CommandGroup>): string {
  const lines = ['JERP Lab command line', '', 'Usage: npm run cli -- <group> <command> [options]   (add --json for machine-readable output)', ''];
  for (const [name, group] of groups) {
    lines.push(`${name}: ${group.summary}`);
    for (const [sub, command] of Object.entries(group.subcommands)) {
      lines.push(`  ${command.usage.padEnd(58)} ${command.summary}`);
      void sub;
    }
    lines.push('');
  }
  return lines.join('\n');
}

const io: CommandIO = {
  log: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined)}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

async function main(argv: string[]): Promise<number> {
  const [groupName, subName, ...rest] = argv;
  const known = groupNames();
  if (!groupName || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    io.log(helpText(await loadGroups(known)));
    return 0;
  }
  const group = known.includes(groupName) ? (await loadGroups([groupName])).get(groupName) : undefined;
  if (!group) {
    io.error(`Unknown command group "${groupName}". Run with --help to list the commands.`);
    return 2;
  }
  if (!subName || subName === '--help' || subName === '-h') {
    io.log(helpText(new Map([[groupName, group]])));
    return subName ? 0 : 2;
  }
  const fallback = (group as GroupWithDefault).defaultSubcommand;
  const useDefault = fallback !== undefined && subName.startsWith('--') && !Object.hasOwn(group.subcommands, subName);
  const command = group.subcommands[useDefault ? fallback : subName];
  if (!command) {
    io.error(`Unknown command "${groupName} ${subName}". Known: ${Object.keys(group.subcommands).join(', ')}.`);
    return 2;
  }
  const args = parseArgs(useDefault ? [subName, ...rest] : rest);
  if (args.options.help) {
    io.log(`Usage: npm run cli -- ${command.usage}\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.error(`${error.message}\nUsage: npm run cli -- ${command.usage}`);
      return 2;
    }
    const err = error as Error;
    io.error(`Error: ${err.message}`);
    if (process.env.JERP_DEBUG) io.error(err.stack ?? '');
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
