import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { vi } from 'vitest';

/** fs.writeSync on a disk with `capacity` bytes left: partial writes, then ENOSPC. */
export function fillDiskAfter(capacity: number) {
  const real = fs.writeSync;
  let left = capacity;
  const spy = vi.spyOn(fs, 'writeSync').mockImplementation(((...args: Parameters<typeof fs.writeSync>) => {
    const [fd, buf, offset = 0, length] = args as [number, Uint8Array, number?, number?];
    if (fd <= 2 || typeof buf === 'string') return real(...args);
    const want = length ?? buf.byteLength - offset;
    if (want > 0 && left === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const n = real(fd, buf, offset, Math.min(want, left));
    left -= n;
    return n;
  }) as typeof fs.writeSync);
  syncBuiltinESMExports();  // named imports of node:fs see the mock too
  return spy;
}
