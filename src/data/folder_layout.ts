// Which known ImageFolder layout a directory is, and where its splits live.
import { join } from 'node:path';
import { isDirectory } from './fs_checks.js';
import type { DatasetSource } from './types.js';

export type LayoutKind = NonNullable<DatasetSource['layout']>;

export interface FolderLayout {
  kind: LayoutKind;
  trainDir: string;
  /** Folder of the official test split; null -> seeded holdout from train. */
  testDir: string | null;
  testName: 'val' | 'test';
}

/** Intel Image Classification unpacks as seg_train/seg_train/<class>; accept one level too. */
async function undoubled(dir: string, name: string): Promise<string> {
  const inner = join(dir, name);
  return (await isDirectory(inner)) ? inner : dir;
}

export async function detectLayout(dir: string): Promise<FolderLayout> {
  const at = (name: string) => isDirectory(join(dir, name));
  if (await at('train')) {
    for (const name of ['val', 'test'] as const)
      if (await at(name)) return { kind: 'train-val', trainDir: join(dir, 'train'), testDir: join(dir, name), testName: name };
    return { kind: 'train-only', trainDir: join(dir, 'train'), testDir: null, testName: 'test' };
  }
  if (await at('seg_train')) {
    const trainDir = await undoubled(join(dir, 'seg_train'), 'seg_train');
    const testDir = (await at('seg_test')) ? await undoubled(join(dir, 'seg_test'), 'seg_test') : null;
    return { kind: 'intel', trainDir, testDir, testName: 'test' };
  }
  // Stanford Dogs: Images/<wnid-breed>/*.jpg; its split is in .mat lists, not folders.
  if (await at('Images')) return { kind: 'stanford-dogs', trainDir: join(dir, 'Images'), testDir: null, testName: 'test' };
  return { kind: 'flat', trainDir: dir, testDir: null, testName: 'test' };
}
