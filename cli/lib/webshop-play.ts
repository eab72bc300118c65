/**
 * `webshop play`: shop by hand in the terminal. Type an action (search[...] / click[...]), or the
 * number of an admissible action; `quit` leaves.
 */
import { createInterface } from 'node:readline/promises';
import type { WebShopEnv } from '../../src/core/envs/webshop';

export async function playInTerminal(env: WebShopEnv, write: (line: string) => void): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
  let obs = env.reset();
  write(`Goal (${env.task.id}, ${env.task.taskType}): ${env.task.goal}`);
  try {
    for (;;) {
      write('');
      write(obs.text);
      if (obs.done) {
        write(`\nEpisode over after ${obs.step} steps: reward ${obs.reward}${obs.success ? ' (success)' : ''}.`);
        return 0;
      }
      obs.admissibleActions.forEach((a, i) => write(`  ${i + 1}. ${a}`));
      let line: string;
      try {
        line = (await rl.question(`step ${obs.step + 1}/${env.maxSteps}> `)).trim();
      } catch {
        return 0; // input closed
      }
      if (line === 'quit' || line === 'exit') return 0;
      const n = Number(line);
      const action = Number.isInteger(n) && n >= 1 && n <= obs.admissibleActions.length ? obs.admissibleActions[n - 1] : line;
      obs = env.step(action);
    }
  } finally {
    rl.close();
  }
}
