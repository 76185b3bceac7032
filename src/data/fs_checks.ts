// Filesystem checks shared by the folder and CIFAR-10 sources, with errors that
// name the path the user gave.
import { stat } from 'node:fs/promises';

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function requireDirectory(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`Dataset folder ${path} does not exist`);
    throw new Error(`Dataset folder ${path} cannot be read: ${(err as Error).message}`);
  }
  if (!info.isDirectory()) throw new Error(`Dataset folder ${path} is not a directory`);
}

/** "EACCES: permission denied" from a Node fs error, without the syscall and path it repeats. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const text = e instanceof Error ? e.message.replace(/, \w+( '.*')?$/s, '') : String(err);
  return e?.code && !text.startsWith(e.code) ? `${e.code}: ${text}` : text;
}
