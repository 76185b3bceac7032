// folder:<dir> datasets: detect the layout, list class folders, build the
// train and test splits (official folders or a seeded holdout).
import { requireDirectory } from './fs_checks.js';
import { FolderSplit } from './folder_split.js';
import { detectLayout, type FolderLayout } from './folder_layout.js';
import { holdout } from './holdout.js';
import { IMAGE_EXTENSIONS, listClassFolders, type ClassFolders } from './image_files.js';
import type { Dataset } from './types.js';

const EXPECTED = `expected class sub-folders of ${IMAGE_EXTENSIONS.join('/')} images: <class>/*, ` +
  'train/ + val/ or test/, seg_train/ + seg_test/, or Images/<class>/';

async function classFolders(dir: string): Promise<ClassFolders> {
  const found = await listClassFolders(dir);
  if (found.classNames.length > 0) return found;
  const loose = found.looseImages > 0
    ? `; ${found.looseImages} image${found.looseImages === 1 ? ' lies' : 's lie'} directly in ${dir}, outside any class folder`
    : '';
  throw new Error(`No images found under ${dir} (${EXPECTED}${loose})`);
}

interface Records {
  paths: string[];
  labels: number[];
}

function push(r: Records, files: string[], label: number): void {
  for (const f of files) {
    r.paths.push(f);
    r.labels.push(label);
  }
}

async function officialTest(layout: FolderLayout, classNames: string[]): Promise<Records> {
  const test = await classFolders(layout.testDir!);
  const records: Records = { paths: [], labels: [] };
  test.classNames.forEach((name, i) => {
    const label = classNames.indexOf(name);
    if (label < 0)
      throw new Error(`Class folder ${name} of ${layout.testDir} has no counterpart in ${layout.trainDir} (test classes must be training classes)`);
    push(records, test.files[i], label);
  });
  return records;
}

export async function openFolder(spec: string, dir: string, seed: number, maxImageSide?: number): Promise<Dataset> {
  await requireDirectory(dir);
  const layout = await detectLayout(dir);
  const train = await classFolders(layout.trainDir);
  const classNames = train.classNames;
  const trainRecords: Records = { paths: [], labels: [] };
  let testRecords: Records = { paths: [], labels: [] };
  if (layout.testDir) {
    train.files.forEach((files, c) => push(trainRecords, files, c));
    testRecords = await officialTest(layout, classNames);
  } else {
    train.files.forEach((files, c) => {
      const parts = holdout(files, classNames[c], seed);
      push(trainRecords, parts.train, c);
      push(testRecords, parts.test, c);
    });
  }
  const split = (name: string, r: Records) => new FolderSplit(name, r.paths, Int32Array.from(r.labels), classNames, maxImageSide);
  return {
    spec,
    train: split('train', trainRecords),
    test: testRecords.paths.length > 0 ? split(layout.testName, testRecords) : null,
    numClasses: classNames.length,
    classNames,
    source: { kind: 'folder', root: dir, layout: layout.kind, holdoutSeed: layout.testDir ? null : seed },
  };
}
