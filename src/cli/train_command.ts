import { exitCodeOf } from '../train/interrupts.js';
import { train } from '../train/trainer.js';
import { ConfigError, type TrainConfig } from '../train/config.js';
import { distributedEnv, type DistributedEnv } from '../distributed/env.js';
import { DataParallel } from '../distributed/data_parallel.js';
import { DistributedError } from '../distributed/process_group.js';
import { launchWorkers, type WorkerFailure } from '../distributed/launch.js';
import { whyNotCuda } from '../backend/cuda/index.js';
import { nativeInfo } from '../device_info.js';
import { flagConfig, flagLines, parseFlags, type CommandFlags } from './args.js';
import { resolvePath } from './paths.js';

const flags: CommandFlags = {
  command: 'train',
  configFields: true,
  flags: {
    resume: { type: 'string', value: 'DIR|FILE', help: 'continue the run of this directory or checkpoint (with --epochs N: to a later end)' },
    overwrite: { type: 'boolean', help: 'start a new run in an --out that holds one, deleting its files' },
    'nproc-per-node': { type: 'string', value: 'N', help: 'data-parallel: start N workers on this machine (one GPU each on a GPU machine; default 1)' },
  },
  positionalHint: (arg) => ` (did you mean --resume ${arg} or --out ${arg}?)`,
};

export const trainHelp = `usage: simsiam train [--preset mnist-demo|cifar10|imagenet] [--data mnist|cifar10:DIR|folder:DIR]
                     [--epochs N] [--batch-size N] [--out DIR] [--device auto|cpu|cuda] [--config FILE]
                     [--resume DIR|FILE [--epochs N] | --overwrite] [--<field> VALUE ...]

Pre-trains a SimSiam encoder. With no flags: the mnist-demo preset on the embedded MNIST digits.
--config FILE is JSON or YAML with the fields below; flags override it; the preset gives the rest.
--resume continues a run from its checkpoint with the run's saved config; --epochs N larger than the run's
continues it to the new end (the cosine schedule then spans N epochs); other fields cannot change.
Ctrl-C or SIGTERM saves a checkpoint (a second Ctrl-C exits at once). A new run refuses an --out that holds
a run unless --overwrite. Training stops with an error at the first non-finite loss, keeping the last good
checkpoint. Outputs in --out: checkpoint.ckpt, metrics.jsonl, TensorBoard events.out.tfevents.*, loss.png,
knn.png, collapse.png, report.json (versions, dates, device, config, final metrics).
Switches: --fix-predictor-lr, --no-zero-init-residual (or --x true|false). ~ and relative paths are resolved.
Data parallel: --nproc-per-node N trains on N workers of this machine; --batch-size is then the global batch
(the lr follows it), each worker reads a disjoint share of every batch, gradients are averaged, --sync-bn takes
BatchNorm statistics over the global batch, and rank 0 writes the outputs. Across machines, start one
\`simsiam train\` per worker with RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT set (torchrun's
variables; the rendezvous is a Redis server there, which rank 0 starts when redis-server is installed) or
SIMSIAM_STORE=file:DIR on a shared filesystem; SIMSIAM_DIST_TIMEOUT (seconds, default 300) bounds every wait.

flags:
${flagLines(flags)}`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) {
    console.log(trainHelp);
    return 0;
  }
  const env = distributedEnv();
  const nproc = values['nproc-per-node'] === undefined ? 1 : Number(values['nproc-per-node']);
  if (!Number.isSafeInteger(nproc) || nproc < 1 || nproc > 1024)
    throw new ConfigError(`Invalid value "${values['nproc-per-node']}" for --nproc-per-node: expected an integer from 1 to 1024`);
  const { config, given, givenAs } = flagConfig(values);
  if (nproc > 1) {
    if (env) throw new ConfigError(`--nproc-per-node starts the workers of a run: this process is already worker ${env.rank} of ${env.worldSize} (RANK, WORLD_SIZE are set)`);
    const gpus = config.device !== 'cpu' && !whyNotCuda() ? nativeInfo().devices.length : 0;
    return launchWorkers({ nproc, args: withoutFlag(argv, '--nproc-per-node'), gpus, log: (l) => console.log(l), error: (l) => console.error(l) });
  }
  const resume = typeof values.resume === 'string' ? resolvePath(values.resume) : undefined;
  const options = { resume, overwrite: values.overwrite === true, overrides: given, overrideNames: givenAs };
  if (env) return trainAsWorker(env, config, options);
  const result = await train(config, options);
  if (result.interrupted) return exitCodeOf(result.signal ?? 'SIGINT');
  console.log(`done in ${result.seconds.toFixed(1)} s on ${result.backend}; outputs in ${result.config.out}`);
  return 0;
}

/** argv without `flag VALUE` / `flag=VALUE`. */
function withoutFlag(argv: string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) i++;
    else if (!argv[i].startsWith(`${flag}=`)) out.push(argv[i]);
  }
  return out;
}

/**
 * One data-parallel worker: joins the others, trains its share (rank 0 alone logs and writes the run) and leaves.
 * Its errors name its rank; under the launcher they also go to it over IPC, and the launcher going away stops it
 * like SIGTERM (a checkpoint, every worker together).
 */
async function trainAsWorker(env: DistributedEnv, config: TrainConfig, options: Parameters<typeof train>[1]): Promise<number> {
  const lead = env.rank === 0;
  const log = lead ? (line: string) => console.log(line) : () => {};
  if (env.launched && process.send) {
    (process.channel as unknown as { unref(): void } | undefined)?.unref();
    process.once('disconnect', () => {
      console.error(`simsiam train: rank ${env.rank}: the launcher is gone; stopping`);
      process.emit('SIGTERM' as never);
    });
  }
  let dist: DataParallel | null = null;
  try {
    dist = await DataParallel.start(env, log);
    const result = await train(config, { ...options, dist, log, progress: lead ? undefined : null });
    if (result.interrupted) return exitCodeOf(result.signal ?? 'SIGINT');
    if (lead) console.log(`done in ${result.seconds.toFixed(1)} s on ${result.backend} with ${env.worldSize} workers; outputs in ${result.config.out}`);
    return 0;
  } catch (e) {
    const err = e as Error;
    if (!err.message.startsWith(`rank ${env.rank}`)) err.message = `rank ${env.rank}: ${err.message}`;
    const failure: WorkerFailure = { type: 'failure', rank: env.rank, message: err.message,
      peers: e instanceof DistributedError ? e.peers : [], kind: e instanceof DistributedError ? e.kind : 'error' };
    if (env.launched && process.connected) await new Promise<void>((resolve) => process.send!(failure, undefined, {}, () => resolve()));
    throw err;
  } finally {
    dist?.close();
  }
}
