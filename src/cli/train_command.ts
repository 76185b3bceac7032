import { exitCodeOf } from '../train/interrupts.js';
import { train } from '../train/trainer.js';
import { flagConfig, flagLines, parseFlags, type CommandFlags } from './args.js';
import { resolvePath } from './paths.js';

const flags: CommandFlags = {
  command: 'train',
  configFields: true,
  flags: {
    resume: { type: 'string', value: 'DIR|FILE', help: 'continue the run of this directory or checkpoint (with --epochs N: to a later end)' },
    overwrite: { type: 'boolean', help: 'start a new run in an --out that holds one, deleting its files' },
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

flags:
${flagLines(flags)}`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) {
    console.log(trainHelp);
    return 0;
  }
  const { config, given, givenAs } = flagConfig(values);
  const resume = typeof values.resume === 'string' ? resolvePath(values.resume) : undefined;
  const result = await train(config, { resume, overwrite: values.overwrite === true, overrides: given, overrideNames: givenAs });
  if (result.interrupted) return exitCodeOf(result.signal ?? 'SIGINT');
  console.log(`done in ${result.seconds.toFixed(1)} s on ${result.backend}; outputs in ${result.config.out}`);
  return 0;
}
