// Checks that an exported encoder loads unchanged in a browser: exports a
// small model, serves it with tfjs's browser bundles on 127.0.0.1, loads it in
// headless Chromium with tf.loadLayersModel and compares the features with
// Node's. Usage: node dist/scripts/browser-load-check.js [chromium path]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from '../src/index.js';
import { buildSimSiam } from '../src/model/simsiam_model.js';
import { exportLayersModel } from '../src/export/export_model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chromium = process.argv[2] ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'simsiam-browser-'));
const model = buildSimSiam({ arch: 'resnet18', cifarStem: false, width: 0.125, inputSize: 32, projectorLayers: 2, projectorDim: 16, predictorDim: 4, zeroInitResidual: false }, 11);
await exportLayersModel(model.backbone, dir);
const input = Array.from({ length: 2 * 32 * 32 * 3 }, (_, i) => Math.sin(i * 0.37));
const expected = Array.from((model.backbone.predict(tf.tensor4d(input, [2, 32, 32, 3])) as tf.Tensor).dataSync());

const bundles = ['tfjs-core/dist/tf-core.min.js', 'tfjs-backend-cpu/dist/tf-backend-cpu.min.js', 'tfjs-layers/dist/tf-layers.min.js'];
const page = `<!doctype html><html><body><pre id="out">pending</pre>
${bundles.map((b) => `<script src="/lib/${b}"></script>`).join('\n')}
<script>
(async () => {
  try {
    const m = await tf.loadLayersModel('/model/model.json');
    const x = tf.tensor4d(Array.from({ length: ${input.length} }, (_, i) => Math.sin(i * 0.37)), [2, 32, 32, 3]);
    document.getElementById('out').textContent = 'RESULT ' + JSON.stringify(Array.from(m.predict(x).dataSync()));
  } catch (e) { document.getElementById('out').textContent = 'ERROR ' + e.message; }
})();
</script></body></html>`;
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  try {
    if (url === '/') return res.end(page);
    if (url.startsWith('/lib/')) return res.end(readFileSync(join(root, 'node_modules/@tensorflow', url.slice(5))));
    if (url.startsWith('/model/')) return res.end(readFileSync(join(dir, url.slice(7))));
  } catch {
    // fall through to 404
  }
  res.statusCode = 404;
  res.end();
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as { port: number }).port;
try {
  // Asynchronous: the page is served by this process's event loop.
  const { stdout: dom } = await promisify(execFile)(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
    '--virtual-time-budget=20000', '--dump-dom', `http://127.0.0.1:${port}/`,
  ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  const m = /(RESULT|ERROR) ([^<]*)/.exec(dom);
  if (!m || m[1] === 'ERROR') throw new Error(`browser: ${m ? m[2] : 'no result in the page'}`);
  const got: number[] = JSON.parse(m[2]);
  const diff = Math.max(...got.map((v, i) => Math.abs(v - expected[i])));
  console.log(`browser features: ${got.length} values, max |browser - node| = ${diff.toExponential(2)}`);
  if (got.length !== expected.length || !(diff < 1e-4)) process.exitCode = 1;
} finally {
  server.close();
}
