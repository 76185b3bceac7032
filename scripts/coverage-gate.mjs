#!/usr/bin/env node
// The coverage gate of the emulated CUDA kernels (docs/cuda-emulator.md).
//
//   node scripts/coverage-gate.mjs --build build-emu/coverage   # runs gcovr on that build's gcov data
//   node scripts/coverage-gate.mjs --json coverage.json         # or reads gcovr --json output
//
// Every `__global__` and `__device__` function (also `__host__ __device__` and
// SIMSIAM_HD helpers) defined in native/**/*.cu and *.cuh, and every SIMSIAM_HD
// helper a kernel shares with its CPU reference in native/**/*.h (only the
// kernels are instrumented, so a header line counts when a kernel ran it), is found by parsing
// the sources (brace matching that skips comments, strings and preprocessor
// lines). Each executable line inside one with zero hits, summed over every
// translation unit and template instantiation, fails the gate as
// `file:line: never executed`; a function with no code at all (never
// instantiated or called) fails at its first line. The only exemption is a
// trailing `// unreachable: <reason>` on the line itself (counted and printed;
// a marked line that did run fails too, so the list stays true and short).
// Exit 0 when every line ran, 1 otherwise, 2 on a usage or tool error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = /\/\/\s*unreachable:(.*)$/;
const KEYWORD = /\b(__global__|__device__|SIMSIAM_HD)\b/g;
const NOT_A_NAME = new Set(['__launch_bounds__', '__align__', 'alignas', 'decltype', '__attribute__', '__declspec']);

function usage(msg) {
  if (msg) console.error(`coverage-gate: ${msg}`);
  console.error('usage: node scripts/coverage-gate.mjs (--build BUILD_DIR | --json GCOVR_JSON) [--root REPO] [--sources DIR]');
  process.exit(2);
}

function parseArgs(argv) {
  const a = { root: resolve(dirname(fileURLToPath(import.meta.url)), '..') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => (i + 1 < argv.length ? argv[++i] : usage(`${k} needs a value`));
    if (k === '--build') a.build = resolve(v());
    else if (k === '--json') a.json = resolve(v());
    else if (k === '--root') a.root = resolve(v());
    else if (k === '--sources') a.sources = resolve(v());
    else if (k === '-h' || k === '--help') usage();
    else usage(`unknown argument ${k}`);
  }
  if (!a.build === !a.json) usage('give exactly one of --build and --json');
  a.sources ??= join(a.root, 'native');
  return a;
}

// The source with comments, string/char literals and preprocessor lines
// blanked (newlines kept, so offsets and line numbers stay); literals are
// filled with `literal` (to tell them from comments).
export function blank(src, literal = ' ') {
  const out = src.split('');
  const n = src.length;
  let i = 0;
  let lineStart = true;
  const wipe = (from, to, fill = ' ') => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = fill;
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') { lineStart = true; i++; continue; }
    if (lineStart && (c === ' ' || c === '\t')) { i++; continue; }
    if (lineStart && c === '#') {  // a directive, with its continuation lines and comments
      let j = i;
      while (j < n && src[j] !== '\n') {
        if (src[j] === '\\' && src[j + 1] === '\n') j += 2;
        else if (src[j] === '/' && src[j + 1] === '*') { const e = src.indexOf('*/', j + 2); j = e < 0 ? n : e + 2; }
        else j++;
      }
      wipe(i, j); i = j; continue;
    }
    lineStart = false;
    if (c === '/' && src[i + 1] === '/') {
      let j = i;
      while (j < n && src[j] !== '\n') j++;
      wipe(i, j); i = j; continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2); const j = e < 0 ? n : e + 2;
      wipe(i, j); i = j; continue;
    }
    if (c === 'R' && src[i + 1] === '"' && !/[A-Za-z0-9_]/.test(src[i - 1] ?? '')) {  // raw string
      const open = src.indexOf('(', i + 2);
      const delim = src.slice(i + 2, open);
      const e = src.indexOf(')' + delim + '"', open);
      const j = e < 0 ? n : e + delim.length + 2;
      wipe(i, j, literal); i = j; continue;
    }
    if (c === '"' || (c === "'" && !/[0-9A-Fa-f]/.test(src[i - 1] ?? ''))) {  // not a digit separator
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      wipe(i, j + 1, literal); i = j + 1; continue;
    }
    i++;
  }
  return out.join('');
}

// The device functions of one file: { name, kind: 'kernel' | 'device', start, end } (1-based lines).
export function deviceFunctions(src) {
  const text = blank(src);
  const lineOf = [];  // offset -> line, computed lazily by a prefix table
  let line = 1;
  for (let i = 0; i < text.length; i++) { lineOf.push(line); if (text[i] === '\n') line++; }
  lineOf.push(line);
  const fns = [];
  let from = 0;
  KEYWORD.lastIndex = 0;
  for (let m; (m = KEYWORD.exec(text));) {
    if (m.index < from) continue;
    // Scan the declaration: a body '{' at depth 0 after a parameter list, or ';' / '=' (not a definition).
    let depth = 0, paren = -1, name = null, i = m.index, body = -1;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '(' || c === '[') {
        if (c === '(' && depth === 0 && paren < 0) {
          const id = /([A-Za-z_][A-Za-z0-9_]*|operator\s*\S+?)\s*$/.exec(text.slice(Math.max(0, i - 200), i));
          if (id && !NOT_A_NAME.has(id[1])) { paren = i; name = id[1]; }
        }
        depth++;
      } else if (c === ')' || c === ']') depth--;
      else if (depth === 0 && c === ';') break;
      else if (depth === 0 && c === '=' && !'=!<>'.includes(text[i - 1]) && text[i + 1] !== '=') break;
      else if (depth === 0 && c === '{') { if (paren >= 0) body = i; break; }
    }
    if (body < 0) { from = i + 1; continue; }
    let d = 0, j = body;
    for (; j < text.length; j++) {
      if (text[j] === '{') d++;
      else if (text[j] === '}' && --d === 0) break;
    }
    const header = text.slice(m.index, paren);
    fns.push({ name, kind: /\b__global__\b/.test(header) ? 'kernel' : 'device', start: lineOf[m.index], end: lineOf[j] });
    from = j + 1;
    KEYWORD.lastIndex = from;
  }
  return fns;
}

// `// unreachable: reason` markers that are real comments: line -> reason.
export function markers(src) {
  const text = blank(src, '"');
  const lines = src.split('\n'), blankLines = text.split('\n');
  const out = new Map();
  lines.forEach((l, k) => {
    const m = MARKER.exec(l);
    if (m && blankLines[k][m.index] === ' ') out.set(k + 1, m[1].trim());
  });
  return out;
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) { if (e !== 'emu') walk(p, out); }
    else if (/\.(cu|cuh)$/.test(e) || (/\.h$/.test(e) && readFileSync(p, 'utf8').includes('SIMSIAM_HD'))) out.push(p);
  }
  return out.sort();
}

function gcovrJson(root, build, sources) {
  const tmp = mkdtempSync(join(tmpdir(), 'coverage-gate-'));
  const out = join(tmp, 'coverage.json');
  // gcovr takes an absolute path as a regex anchored at the start (a leading ^ would make it relative).
  const filter = (sources + sep).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    execFileSync('gcovr', ['-r', root, '--json', '-o', out, '--filter', filter, '-j', '2', '--gcov-ignore-parse-errors', build],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(readFileSync(out, 'utf8'));
  } catch (e) {
    console.error(`coverage-gate: gcovr failed on ${build}: ${e.message}`);
    process.exit(2);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const data = args.json ? JSON.parse(readFileSync(args.json, 'utf8')) : gcovrJson(args.root, args.build, args.sources);
  // file (relative to the root) -> line -> summed count, executable lines only.
  const counts = new Map();
  for (const f of data.files ?? []) {
    const rel = relative(args.root, resolve(args.root, f.file));
    const m = counts.get(rel) ?? new Map();
    for (const l of f.lines ?? []) {
      if (l['gcovr/noncode']) continue;
      m.set(l.line_number, (m.get(l.line_number) ?? 0) + l.count);
    }
    counts.set(rel, m);
  }
  if (counts.size === 0) {
    console.error(`coverage-gate: no coverage data for ${relative(args.root, args.sources) || '.'}/ (was the coverage build run? SIMSIAM_EMU_COVERAGE=ON)`);
    process.exit(2);
  }
  const problems = [], exempt = [];
  const total = { kernel: 0, device: 0 }, covered = { kernel: 0, device: 0 };
  let lines = 0, hit = 0;
  for (const file of walk(args.sources)) {
    const rel = relative(args.root, file);
    const src = readFileSync(file, 'utf8');
    const marks = markers(src);
    const usedMarks = new Set();
    const fileCounts = counts.get(rel) ?? new Map();
    for (const fn of deviceFunctions(src)) {
      total[fn.kind]++;
      let missing = 0, any = false;
      for (let ln = fn.start; ln <= fn.end; ln++) {
        if (!fileCounts.has(ln)) continue;
        any = true;
        lines++;
        const c = fileCounts.get(ln);
        if (marks.has(ln)) {
          usedMarks.add(ln);
          if (c > 0) { problems.push(`${rel}:${ln}: marked unreachable but executed ${c} times`); missing++; }
          else exempt.push(`${rel}:${ln}: unreachable: ${marks.get(ln) || '(no reason given)'}`);
          if (!marks.get(ln)) { problems.push(`${rel}:${ln}: unreachable marker without a reason`); missing++; }
          continue;
        }
        if (c > 0) hit++;
        else { problems.push(`${rel}:${ln}: never executed (in ${fn.name})`); missing++; }
      }
      if (!any) {
        lines++;
        if (marks.has(fn.start)) { usedMarks.add(fn.start); exempt.push(`${rel}:${fn.start}: unreachable: ${marks.get(fn.start)}`); }
        else { problems.push(`${rel}:${fn.start}: never executed (${fn.name}: no code generated, never instantiated or called)`); missing++; }
      }
      if (missing === 0) covered[fn.kind]++;
    }
    for (const ln of marks.keys())
      if (!usedMarks.has(ln)) problems.push(`${rel}:${ln}: unreachable marker outside any executable device-function line`);
  }
  for (const p of problems) console.log(p);
  if (exempt.length) {
    console.log(`${exempt.length} exempted line(s):`);
    for (const e of exempt) console.log(`  ${e}`);
  }
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '100.0');
  console.log(`coverage-gate: kernels covered ${covered.kernel}/${total.kernel}, device functions covered ` +
    `${covered.device}/${total.device}, lines covered ${hit}/${lines - exempt.length} (${pct(hit, lines - exempt.length)}%), ` +
    `${exempt.length} exempt`);
  console.log(problems.length ? `coverage-gate: FAILED, ${problems.length} line(s) never executed or wrongly marked` : 'coverage-gate: OK');
  process.exit(problems.length ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
