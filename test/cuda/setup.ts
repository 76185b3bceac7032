// The cuda backend for tests: on a real device under `npm run test:gpu`
// (SIMSIAM_REQUIRE_GPU=1, which fails without one), else on the host
// reference device, so CI runs the whole backend and compares it with cpu.
import { registerCudaBackend } from '../../src/index.js';
import { requireGpu } from '../helpers.js';

export function useCudaBackend(): 'cuda' | 'host' {
  const auto = registerCudaBackend(requireGpu ? 'cuda' : 'auto');
  if (auto.mode) return auto.mode;
  if (requireGpu) throw new Error(`npm run test:gpu needs a CUDA device: ${auto.reason}`);
  const host = registerCudaBackend('host');
  if (host.mode !== 'host') throw new Error(`cannot register the cuda backend on the host device: ${host.reason}`);
  return 'host';
}
