/**
 * `model` commands: what the loaded model is (`info`), and how it does as the agent's policy on
 * held-out tasks (`eval`; the model card's table comes from these runs).
 */
import { flag, intOption, stringOption } from '../args';
import { type CommandGroup, type CommandIO, UsageError } from '../command';
import { createProgress } from '../progress';
import { ALFWORLD_SPLITS, type AlfworldSplitName } from '../../src/core/tasks/alfworld-scenes';
import { evalAlfworld, evalWebShop, RULES_MODES, type RulesMode, type EvalResult, type WebShopSplit } from '../lib/model-eval';
import { EMBEDDED_MODEL_ID, loadNodeModel } from '../lib/model-node';

function modelOptions(args: Parameters<typeof stringOption>[0]) {
  const dtype = stringOption(args, 'dtype');
  const remoteHost = stringOption(args, 'remote-host');
  const threads = intOption(args, 'threads', 0);
  return {
    ...(threads > 0 ? { threads } : {}),
    id: stringOption(args, 'model', EMBEDDED_MODEL_ID) as string,
    hub: flag(args, 'hub'),
    ...(dtype ? { dtype } : {}),
    ...(remoteHost ? { remoteHost } : {}),
  };
}

function printEval(io: CommandIO, r: EvalResult): void {
  io.log(`${r.env} ${r.split}, rules ${r.rules}: success ${(100 * r.success).toFixed(1)}% (${r.successes}/${r.episodes}), mean reward ${r.meanReward.toFixed(3)}, ${r.meanSteps.toFixed(1)} steps, ${r.seconds.toFixed(0)}s`);
  for (const [type, t] of Object.entries(r.byTaskType)) io.log(`  ${type.padEnd(24)} ${(100 * t.success).toFixed(1)}% of ${t.episodes}`);
}

const group: CommandGroup = {
  summary: 'The language model: describe it, evaluate it as the agent policy',
  subcommands: {
    info: {
      summary: 'Load the model and print {id, params, bytes, dtype, hiddenSize, vocabSize, contextLength}',
      usage: 'model info [--model ID] [--dtype int8|fp32] [--hub [--remote-host URL]] [--json]',
      async run(args, io) {
        const model = await loadNodeModel(modelOptions(args));
        const { id, params, bytes, dtype, hiddenSize, vocabSize, contextLength } = model.info;
        const info = { id, params, bytes, dtype, hiddenSize, vocabSize, contextLength };
        if (flag(args, 'json')) io.json(info);
        else for (const [k, v] of Object.entries({ ...info, device: model.info.device, hiddenState: model.info.hasHiddenState })) io.log(`${k.padEnd(14)} ${v}`);
        await model.dispose();
        return 0;
      },
    },
    eval: {
      summary: 'Greedy success on held-out tasks with no rule, the oracle rule, or a wrong rule',
      usage: 'model eval --env alfworld|webshop [--split valid_unseen|test|...] [--rules none|oracle|wrong] [--limit N] [--model ID] [--dtype D] [--threads N] [--json]',
      async run(args, io) {
        const env = stringOption(args, 'env');
        if (env !== 'alfworld' && env !== 'webshop') throw new UsageError('--env must be alfworld or webshop');
        const rules = stringOption(args, 'rules', 'none') as RulesMode;
        if (!RULES_MODES.includes(rules)) throw new UsageError(`--rules must be one of ${RULES_MODES.join(', ')}`);
        const split = stringOption(args, 'split', env === 'alfworld' ? 'valid_unseen' : 'test') as string;
        if (env === 'alfworld' && !ALFWORLD_SPLITS.includes(split as AlfworldSplitName)) throw new UsageError(`--split for alfworld: ${ALFWORLD_SPLITS.join(', ')}`);
        if (env === 'webshop' && split !== 'test' && split !== 'train') throw new UsageError('--split for webshop: test or train');
        const limit = intOption(args, 'limit', 0);
        const model = await loadNodeModel(modelOptions(args));
        let progress: ReturnType<typeof createProgress> | undefined;
        let successes = 0;
        const onEpisode = (done: number, total: number, t: { success: boolean }) => {
          progress ??= createProgress(`${env} ${split} rules=${rules}`, total);
          successes += t.success ? 1 : 0;
          progress.tick(done, `${successes} won`);
        };
        const options = { ...(limit > 0 ? { limit } : {}), onEpisode };
        const result =
          env === 'alfworld'
            ? await evalAlfworld(model, split as AlfworldSplitName, rules, options)
            : await evalWebShop(model, split as WebShopSplit, rules, options);
        progress?.finish();
        const out = { model: model.info.id, dtype: model.info.dtype, ...result };
        if (flag(args, 'json')) io.json(out);
        else printEval(io, result);
        await model.dispose();
        return 0;
      },
    },
  },
};

export default group;
