// Paths on the command line as a shell user expects them: `~` and `~/x` are the
// home folder (also where the shell did not expand them: `--out=~/runs`, a YAML
// file), and a relative path is taken against the working directory, so that a
// run's saved config names the same folder from wherever it is resumed.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolvePath(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return resolve(p);
}

/** The DIR of cifar10:DIR and folder:DIR resolved; `mnist` as it is. */
export function resolveDataSpec(spec: string): string {
  const m = /^(cifar10|folder):(.+)$/.exec(spec);
  return m ? `${m[1]}:${resolvePath(m[2])}` : spec;
}
