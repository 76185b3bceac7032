// folder:<dir> datasets: detect the layout, list class folders, build the
// train and test splits (official folders or a seeded holdout).
import { join } from 'node:path';
import { requireDirectory } from './fs_checks.js';
import { FolderSplit } from './folder_split.js';
import { detectLayout, type FolderLayout } from './folder_layout.js';
import { holdout } from './holdout.js';
import { FolderWalk, IMAGE_EXTENSIONS, listClassFolders, type ClassFolders } from './image_files.js';
import type { Dataset } from './types.js';

const EXPECTED = `expected class sub-folders of ${IMAGE_EXTENSIONS.join('/')} images: <class>/*, ` +
  'train/ + val/ or test/, seg_train/ + seg_test/, or Images/<class>/';

async function classFolders(dir: string, walk: FolderWalk): Promise<ClassFolders> {
  const found = await listClassFolders(dir, walk);
  if (found.files.some((f) => f.length > 0)) {
    // Like torchvision's "Found no valid file for the classes ...": an empty class
    // folder is most likely a mistake, and dropping it would renumber the classes after it.
    if (found.empty.length > 0) {
      const many = found.empty.length > 1;
      throw new Error(`Class folder${many ? 's' : ''} ${found.empty.map((n) => join(dir, n)).join(', ')} ` +
        `${many ? 'have' : 'has'} no ${IMAGE_EXTENSIONS.join('/')} images (every sub-folder of ${dir} is a class: add images or remove ${many ? 'them' : 'it'})`);
    }
    return found;
  }
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

async function officialTest(layout: FolderLayout, classNames: string[], walk: FolderWalk): Promise<Records> {
  const test = await classFolders(layout.testDir!, walk);
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
  const walk = await FolderWalk.create(layout.testDir ? [layout.trainDir, layout.testDir] : [layout.trainDir]);
  try {
    return await openLayout(spec, dir, layout, walk, seed, maxImageSide);
  } finally {
    walk.warn();  // also when opening fails: a skipped link or folder may be why
  }
}

async function openLayout(spec: string, dir: string, layout: FolderLayout, walk: FolderWalk, seed: number, maxImageSide?: number): Promise<Dataset> {
  const train = await classFolders(layout.trainDir, walk);
  const classNames = train.classNames;
  const trainRecords: Records = { paths: [], labels: [] };
  let testRecords: Records = { paths: [], labels: [] };
  if (layout.testDir) {
    train.files.forEach((files, c) => push(trainRecords, files, c));
    testRecords = await officialTest(layout, classNames, walk);
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
