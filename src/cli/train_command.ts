import { FIELDS, PRESETS } from '../train/config.js';
import { exitCodeOf } from '../train/interrupts.js';
import { train } from '../train/trainer.js';
import { configFromFlags, kebab, parseFlags } from './args.js';

export const trainHelp = `usage: simsiam train [--preset mnist-demo|cifar10|imagenet] [--data mnist|cifar10:DIR|folder:DIR]
                     [--epochs N] [--batch-size N] [--out DIR] [--device auto|cpu|cuda] [--config FILE]
                     [--resume DIR|FILE | --overwrite] [--<field> VALUE ...]

Pre-trains a SimSiam encoder. With no flags: the mnist-demo preset on the embedded MNIST digits.
--config FILE is JSON or YAML with the fields below; flags override it; the preset gives the rest.
--resume continues a run from its checkpoint (the run's saved config is used); Ctrl-C or SIGTERM saves
one (a second Ctrl-C exits at once). A new run refuses an --out that holds a run unless --overwrite.
Training stops with an error at the first non-finite loss, keeping the last good checkpoint.
Outputs in --out: checkpoint.ckpt, metrics.jsonl, loss.png, knn.png, collapse.png, report.json.

fields (flag = --kebab-case):
${Object.keys(FIELDS).map((k) => `  --${kebab(k).padEnd(20)} default ${JSON.stringify(PRESETS['mnist-demo'][k as keyof typeof FIELDS])}`).join('\n')}`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { resume: { type: 'string' }, overwrite: { type: 'boolean' } }, true);
  if (values.help) {
    console.log(trainHelp);
    return 0;
  }
  const config = configFromFlags(values);
  const result = await train(config, { resume: values.resume as string | undefined, overwrite: values.overwrite === true });
  if (result.interrupted) return exitCodeOf(result.signal ?? 'SIGINT');
  console.log(`done in ${result.seconds.toFixed(1)} s on ${result.backend}; outputs in ${result.config.out}`);
  return 0;
}
