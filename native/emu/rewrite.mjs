#!/usr/bin/env node
// CUDA-on-CPU emulator: rewrites a .cu/.cuh file into C++ for g++ and the shim
// in native/emu/include (docs/cuda-emulator.md, "Contract"). Exactly three
// constructs change:
//   K<<<grid, block[, shared[, stream]]>>>(args)
//     -> ::simsiam_emu::launch("K", __FILE__, __LINE__, ::simsiam_emu::config(grid, block...), K, args)
//   __shared__ T a[N], b;
//     -> auto& a = ::simsiam_emu::shared<T[N]>(SIMSIAM_EMU_TAG, "a"); auto& b = ...;
//   extern __shared__ T s[];
//     -> T* s = ::simsiam_emu::dynamicShared<T>();
// Comments, string and character literals are left alone. Every replacement
// keeps the newlines of the text it replaces, so each line stays where it was
// and one `#line 1 "IN"` at the top maps messages, sanitizer reports and gcov
// to the original file.
//
// Usage: node rewrite.mjs IN OUT
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// The source with comments and literals blanked (same length, newlines
// kept), so searches see code only.
export function codeOnly(src) {
  const out = src.split('');
  const blank = (from, to) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i], d = src[i + 1];
    if (c === '/' && d === '/') {
      let j = src.indexOf('\n', i);
      if (j < 0) j = src.length;
      blank(i, j);
      i = j;
    } else if (c === '/' && d === '*') {
      let j = src.indexOf('*/', i + 2);
      j = j < 0 ? src.length : j + 2;
      blank(i, j);
      i = j;
    } else if (c === 'R' && d === '"' && !/[\w]/.test(src[i - 1] ?? '')) {
      const open = src.indexOf('(', i + 2);
      const delim = src.slice(i + 2, open);
      let j = src.indexOf(')' + delim + '"', open);
      j = j < 0 ? src.length : j + delim.length + 2;
      blank(i + 1, j);
      i = j;
    } else if (c === '"' || (c === "'" && !/[0-9A-Fa-f]/.test(src[i - 1] ?? ''))) {
      // (a ' after a hex digit is a C++14 digit separator)
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

const OPEN = { '(': ')', '[': ']', '{': '}' };
const CLOSE = { ')': '(', ']': '[', '}': '{' };

// Index of the bracket closing the one at `at`.
function matchForward(code, at) {
  const stack = [];
  for (let i = at; i < code.length; i++) {
    const c = code[i];
    if (OPEN[c]) stack.push(OPEN[c]);
    else if (CLOSE[c]) {
      if (stack.pop() !== c) throw new Error(`unbalanced '${c}' at offset ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`no closing bracket for offset ${at}`);
}

// Splits at commas outside (), [], {}.
function splitTopLevel(code, from, to) {
  const parts = [];
  let depth = 0, start = from;
  for (let i = from; i < to; i++) {
    const c = code[i];
    if (OPEN[c]) depth++;
    else if (CLOSE[c]) depth--;
    else if (c === ',' && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts;
}

const newlines = (s) => s.replace(/[^\n]/g, '');
const flat = (s) => s.replace(/\s+/g, ' ').trim();

// The start of the kernel expression that ends just before `end`: an
// identifier (possibly qualified) with optional template arguments.
function kernelStart(code, end) {
  let i = end - 1;
  while (i >= 0 && /\s/.test(code[i])) i--;
  if (code[i] === '>') {
    let angle = 0, paren = 0;
    for (; i >= 0; i--) {
      const c = code[i];
      if (c === ')' || c === ']') paren++;
      else if (c === '(' || c === '[') paren--;
      else if (paren === 0 && c === '>') angle++;
      else if (paren === 0 && c === '<' && --angle === 0) break;
    }
    i--;
    while (i >= 0 && /\s/.test(code[i])) i--;
  }
  while (i >= 0 && /[\w:]/.test(code[i])) i--;
  return i + 1;
}

function rewriteLaunches(src, code, edits) {
  const re = /<<</g;
  let m;
  while ((m = re.exec(code))) {
    const lt = m.index;
    const kStart = kernelStart(code, lt);
    const kernel = src.slice(kStart, lt);
    if (!/^[A-Za-z_]/.test(flat(kernel))) throw new Error(`no kernel name before <<< at offset ${lt}`);
    // The configuration ends at the first >>> outside brackets.
    let depth = 0, gt = -1;
    for (let i = lt + 3; i < code.length; i++) {
      const c = code[i];
      if (OPEN[c]) depth++;
      else if (CLOSE[c]) depth--;
      else if (depth === 0 && code.startsWith('>>>', i)) {
        gt = i;
        break;
      }
    }
    if (gt < 0) throw new Error(`no >>> for the <<< at offset ${lt}`);
    let open = gt + 3;
    while (/\s/.test(code[open])) open++;
    if (code[open] !== '(') throw new Error(`no argument list after >>> at offset ${gt}`);
    const close = matchForward(code, open);
    const parts = splitTopLevel(code, lt + 3, gt);
    if (parts.length < 2 || parts.length > 4) throw new Error(`launch configuration with ${parts.length} parts at offset ${lt}`);
    const name = flat(kernel);
    const noArgs = code.slice(open + 1, close).trim() === '';
    edits.push({
      from: kStart,
      to: lt + 3,
      text: `::simsiam_emu::launch("${name}", __FILE__, __LINE__, ::simsiam_emu::config(` + newlines(kernel),
    });
    edits.push({
      from: gt,
      to: open + 1,
      text: `), ${name}${noArgs ? '' : ', '}` + newlines(src.slice(gt, open + 1)),
    });
    re.lastIndex = gt + 3;
  }
}

function rewriteShared(src, code, edits) {
  const re = /(?<![\w])__shared__(?![\w])/g;
  let m;
  while ((m = re.exec(code))) {
    const at = m.index;
    // `extern` (or `static`) may come first in the statement.
    const before = code.slice(0, at);
    const prefix = /(?:\b(extern|static)\s+)?$/.exec(before);
    const isExtern = prefix[1] === 'extern';
    const from = at - prefix[0].length;
    let end = at;
    let depth = 0;
    for (; end < code.length; end++) {
      const c = code[end];
      if (OPEN[c]) depth++;
      else if (CLOSE[c]) depth--;
      else if (c === ';' && depth === 0) break;
    }
    const declFrom = at + '__shared__'.length;
    // __align__(n) adds nothing here: every allocation is 16-byte aligned or more.
    const strip = (s) => s.replace(/__align__\s*\([^)]*\)/g, '');
    const parts = splitTopLevel(code, declFrom, end).map(([a, b]) => strip(src.slice(a, b)));
    const first = parts[0];
    const bracket = first.indexOf('[');
    const head = bracket < 0 ? first : first.slice(0, bracket);
    const nameMatch = /([A-Za-z_]\w*)\s*$/.exec(head);
    if (!nameMatch) throw new Error(`cannot read the __shared__ declaration at offset ${at}`);
    const type = flat(head.slice(0, nameMatch.index));
    const declarators = [flat(first.slice(nameMatch.index)), ...parts.slice(1).map(flat)];
    let text;
    if (isExtern) {
      const dm = /^([A-Za-z_]\w*)\s*\[\s*\]$/.exec(declarators[0]);
      if (!dm || declarators.length !== 1) throw new Error(`extern __shared__ must be 'T name[]' at offset ${at}`);
      text = `${type}* ${dm[1]} = ::simsiam_emu::dynamicShared<${type}>();`;
    } else {
      text = declarators
        .map((d) => {
          const dm = /^(\**)\s*([A-Za-z_]\w*)\s*(.*)$/.exec(d);
          if (!dm || (dm[3] && !dm[3].startsWith('['))) throw new Error(`cannot read the __shared__ declarator '${d}'`);
          const [, stars, name, dims] = dm;
          return `auto& ${name} = ::simsiam_emu::shared<${type}${stars}${dims.replace(/\s*\[/g, '[')}>(SIMSIAM_EMU_TAG, "${name}");`;
        })
        .join(' ');
    }
    edits.push({ from, to: end + 1, text: text + newlines(src.slice(from, end + 1)) });
    re.lastIndex = end + 1;
  }
}

export function rewrite(src, originalPath) {
  const code = codeOnly(src);
  const edits = [];
  rewriteLaunches(src, code, edits);
  rewriteShared(src, code, edits);
  edits.sort((a, b) => a.from - b.from);
  let out = '', at = 0;
  for (const e of edits) {
    if (e.from < at) throw new Error(`overlapping rewrites at offset ${e.from}`);
    out += src.slice(at, e.from) + e.text;
    at = e.to;
  }
  out += src.slice(at);
  const quoted = JSON.stringify(resolve(originalPath));
  return `#line 1 ${quoted}\n` + out;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('rewrite.mjs')) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node rewrite.mjs IN OUT');
    process.exit(2);
  }
  try {
    const out = rewrite(readFileSync(input, 'utf8'), input);
    mkdirSync(dirname(resolve(output)), { recursive: true });
    writeFileSync(output, out);
  } catch (e) {
    console.error(`${input}: ${e.message}`);
    process.exit(1);
  }
}
