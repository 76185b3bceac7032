#!/usr/bin/env node
// simsiam command line: train | probe | knn | export | check-data | download | info.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cudaBackendInfo, nativeInfo, registeredKernels } from './index.js';
import { whyNotCuda } from './backend/cuda/index.js';
import { ConfigError } from './train/config.js';
import { trainCommand, trainHelp } from './cli/train_command.js';
import { exportCommand, exportHelp, knnCommand, knnHelp, probeCommand, probeHelp } from './cli/eval_commands.js';
import { checkDataCommand, checkDataHelp } from './cli/check_data_command.js';
import { downloadCommand, downloadHelp } from './cli/download_command.js';
import { closest, flagLines, parseFlags, type CommandFlags } from './cli/args.js';
import { packageVersion } from './cli/version.js';
import { describeDistributed, distributedInfo } from './distributed/info.js';

const usage = `usage: simsiam <command> [flags]    (simsiam <command> --help for its flags; simsiam --version)

  train        SimSiam pre-training (default: mnist-demo on the embedded MNIST digits)
  probe        linear evaluation / semi-supervised / fine-tuning of a trained encoder
  knn          kNN accuracy of a trained encoder
  export       write the trained backbone as a tfjs LayersModel (model.json + weights.bin)
  check-data   dataset summary and a PNG grid of augmented views
  download     fetch a standard data set (cifar10) into a folder, checksum-verified and resumable
  info         the native build, CUDA devices, and why CUDA is or is not used (--json: all of it as JSON)`;

const infoFlags: CommandFlags = { command: 'info', flags: { json: { type: 'boolean', help: 'the full report as JSON (build, devices, CUDA backend, kernels)' } } };
const infoHelp = `usage: simsiam info [--json]

The native build, the CUDA devices, and why CUDA is or is not used for training.

flags:
${flagLines(infoFlags)}`;

const cudaVersion = (v: number) => `${Math.floor(v / 1000)}.${(v % 1000) / 10}`;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

async function info(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, infoFlags);
  if (values.help) return console.log(infoHelp), 0;
  const why = whyNotCuda();
  const report = {
    ...nativeInfo(),
    cudaBackend: cudaBackendInfo(),
    training: { backend: why ? 'cpu' : 'cuda', whyNotCuda: why },
    distributed: distributedInfo(),
    kernels: registeredKernels(),
  };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const { build, devices, cuda, cudaBackend } = report;
  const lib = (l: (typeof cudaBackend.libraries)['cublas']) => ('error' in l ? l.error : `${l.version} (${l.path})`);
  const lines = [
    `simsiam-node ${packageVersion()}`,
    `native addon: ${build.addonPath}`,
    `  ${build.buildType} build, ${build.compiler}, N-API ${build.napiVersion}, ${build.threads} threads, ` +
      `CPU path ${build.cpuPath} (${build.march === 'portable' ? `portable build: ${build.cpuPaths.join(', ')} on this CPU` : `-march=${build.march}`}), ` +
      (build.cuda ? `CUDA runtime ${cudaVersion(build.cudaRuntimeVersion)} for ${build.cudaArchitectures.join(', ') || 'no architectures'}` : 'without CUDA'),
    `CUDA devices: ${devices.length === 0 ? `none${cuda.reason ? ` (${cuda.reason})` : ''}` : `${devices.length}${cuda.driverVersion ? `, driver ${cudaVersion(cuda.driverVersion)}` : ''}`}`,
    ...devices.map((d) => `  ${d.index}: ${d.name}, compute ${d.computeCapability}, ${d.multiprocessors} SMs, ${gib(d.totalMemory)} (${gib(d.freeMemory)} free)`),
    `cuda backend: ${cudaBackend.registered ? `registered on ${cudaBackend.device ?? 'an unnamed device'}` : 'not registered'}` +
      `; cuBLAS ${lib(cudaBackend.libraries.cublas)}; cuDNN ${lib(cudaBackend.libraries.cudnn)}; TF32 ${cudaBackend.tf32 ? 'on' : 'off'}`,
    `training runs on: ${report.training.backend}${why ? ` (CUDA not used: ${why})` : ''}`,
    describeDistributed(report.distributed),
    `kernels: ${report.kernels.length} registered (simsiam info --json lists them)`,
  ];
  console.log(lines.join('\n'));
  return 0;
}

const commands: Record<string, [(argv: string[]) => Promise<number>, string]> = {
  train: [trainCommand, trainHelp],
  probe: [probeCommand, probeHelp],
  knn: [knnCommand, knnHelp],
  export: [exportCommand, exportHelp],
  'check-data': [checkDataCommand, checkDataHelp],
  download: [downloadCommand, downloadHelp],
  info: [info, infoHelp],
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    console.log(usage);
    return 2;
  }
  if (name === '--help' || name === '-h') return console.log(usage), 0;
  if (name === '--version' || name === '-V') return console.log(packageVersion()), 0;
  if (name === 'help') {
    const topic = rest[0] === undefined ? undefined : commands[rest[0]];
    if (rest[0] === undefined || topic) return console.log(topic ? topic[1] : usage), 0;
  }
  const command = commands[name];
  if (!command) {
    const wanted = name === 'help' ? rest[0] : name;
    const guess = closest(wanted, Object.keys(commands));
    const what = wanted.startsWith('-') ? `flag ${wanted} before the command` : `command '${wanted}'`;
    console.error(`simsiam: unknown ${what}${guess && !wanted.startsWith('-') ? ` (did you mean simsiam ${guess}?)` : ''}\n\n${usage}`);
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
