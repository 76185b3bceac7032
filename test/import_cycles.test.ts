// The import graph of src/ (type-only imports included: they tie modules
// together just the same): no cycles, and the layering the code relies on.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of each file under src/, as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = importedFiles.filter((f) => f.fileName.startsWith('.')).map((f) => {
      const target = resolve(dirname(file), f.fileName.replace(/\.js$/, '.ts'));
      return relative(SRC, existsSync(target) ? target : join(target.replace(/\.ts$/, ''), 'index.ts'));
    });
    graph.set(relative(SRC, file), deps);
  }
  return graph;
}

/** Strongly connected components of more than one module, or a module importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>(), found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('src/ import graph', () => {
  const graph = importGraph();

  it('resolves every relative import to a file', () => {
    const missing = [...graph].flatMap(([file, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${file} -> ${d}`));
    expect(missing).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a planted cycle', () => {
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]])))
      .toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('src/native/ (the addon binding) imports nothing else of the package', () => {
    const up = [...graph].filter(([file]) => file.startsWith('native/'))
      .flatMap(([file, deps]) => deps.filter((d) => !d.startsWith('native/')).map((d) => `${file} -> ${d}`));
    expect(up).toEqual([]);
  });

  it('the cuda backend takes its shape helpers from kernels/shared/, not from the cpu backend', () => {
    const cpu = [...graph].filter(([file]) => file.startsWith('backend/cuda/'))
      .flatMap(([file, deps]) => deps.filter((d) => d.startsWith('kernels/cpu/')).map((d) => `${file} -> ${d}`));
    expect(cpu).toEqual([]);
  });
});
