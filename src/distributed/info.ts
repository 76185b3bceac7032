// What `simsiam info` says about data-parallel training: Gloo (built in, or
// why not) and NCCL (loaded at run time, or why not).
import { native, type RawCollectivesInfo } from '../native/index.js';

export type DistributedInfo = RawCollectivesInfo;

export function distributedInfo(): DistributedInfo {
  return native.collectivesInfo();
}

/** One line: the engines of `simsiam train --nproc-per-node N`. */
export function describeDistributed(i: DistributedInfo): string {
  const gloo = i.gloo.built ? i.gloo.info : `Gloo: unavailable, the addon was ${i.gloo.info}`;
  const nccl = 'error' in i.nccl ? `not available: ${i.nccl.error}` : `${i.nccl.version} (${i.nccl.path})`;
  return `data parallel: CPU workers over ${gloo}; GPU workers over NCCL ${nccl}`;
}
