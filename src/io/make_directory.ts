// mkdir -p that always ends: Node's recursive mkdir loops forever where a
// filesystem answers ENOENT for a parent that exists (e.g. under /proc), so
// the missing components are created one by one, and errors name the folder.
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** Creates `path` and its missing parents; `what` names it in errors (e.g. "--out"). */
export function makeDirectory(path: string, what = 'folder'): void {
  const fail = (why: string) => new Error(`Cannot create ${what} ${path}: ${why}`);
  const missing: string[] = [];
  let dir = resolve(path);
  let s: Stats | null;
  try {
    while ((s = statOrNull(dir)) === null && dirname(dir) !== dir) {
      missing.push(dir);
      dir = dirname(dir);
    }
  } catch (e) {
    throw fail(`${(e as NodeJS.ErrnoException).code ?? (e as Error).message} on ${dir}`);
  }
  if (s && !s.isDirectory()) throw fail(`${dir} is not a directory`);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statOrNull(d)?.isDirectory()) continue;  // made by another process meanwhile
      throw fail(`mkdir ${d} failed with ${code ?? (e as Error).message}`);
    }
  }
}
