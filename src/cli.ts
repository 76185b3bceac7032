#!/usr/bin/env node
// simsiam command line: train | probe | knn | export | check-data | info.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cudaBackendInfo, nativeInfo, registeredKernels } from './index.js';
import { whyNotCuda } from './backend/cuda/index.js';
import { ConfigError } from './train/config.js';
import { trainCommand, trainHelp } from './cli/train_command.js';
import { exportCommand, exportHelp, knnCommand, knnHelp, probeCommand, probeHelp } from './cli/eval_commands.js';
import { checkDataCommand, checkDataHelp } from './cli/check_data_command.js';

const usage = `usage: simsiam <command> [flags]    (simsiam <command> --help for its flags)

  train        SimSiam pre-training (default: mnist-demo on the embedded MNIST digits)
  probe        linear evaluation / semi-supervised / fine-tuning of a trained encoder
  knn          kNN accuracy of a trained encoder
  export       write the trained backbone as a tfjs LayersModel (model.json + weights.bin)
  check-data   dataset summary and a PNG grid of augmented views
  info         the native build, CUDA devices, and why CUDA is or is not used`;

async function info(): Promise<number> {
  const why = whyNotCuda();
  console.log(JSON.stringify({
    ...nativeInfo(),
    cudaBackend: cudaBackendInfo(),
    training: { backend: why ? 'cpu' : 'cuda', whyNotCuda: why },
    kernels: registeredKernels(),
  }, null, 2));
  return 0;
}

const commands: Record<string, [(argv: string[]) => Promise<number>, string]> = {
  train: [trainCommand, trainHelp],
  probe: [probeCommand, probeHelp],
  knn: [knnCommand, knnHelp],
  export: [exportCommand, exportHelp],
  'check-data': [checkDataCommand, checkDataHelp],
  info: [info, 'usage: simsiam info'],
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`simsiam: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  try {
    return await command[0](rest);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`simsiam ${name}: ${e.message}`);
      return 2;
    }
    console.error(`simsiam ${name}: ${(e as Error).message}`);
    if (process.env.SIMSIAM_DEBUG) console.error((e as Error).stack);
    return 1;
  }
}

// Run when executed (directly or through the npm bin link), not when imported by tests.
const invoked = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) process.exitCode = await main(process.argv.slice(2));
