/**
 * The import graph of the TypeScript sources, read with TypeScript's own pre-processor (imports, re-exports and
 * type-only imports alike), and the cycles in it (Tarjan's strongly connected components), for the layer tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** File → the files it imports (both relative to `root`, `/`-separated); only relative imports of sources count. */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'python' || e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.(test|d)\.ts$/.test(e.name) ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && fs.existsSync(f));
}

/** The import graph of the non-test sources below `root/dir`. */
export function importGraph(root: string, dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(path.join(root, dir))) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const deps = info.importedFiles
      .map((f) => f.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(file, s))
      .filter((f): f is string => f !== undefined)
      .map((f) => path.relative(root, f).split(path.sep).join('/'));
    graph.set(path.relative(root, file).split(path.sep).join('/'), [...new Set(deps)]);
  }
  return graph;
}

/** The strongly connected components of more than one file (or a file importing itself): the import cycles. */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
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
    if (component.length > 1 || graph.get(v)?.includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Folder (`runtime/src/<folder>`) → folders it imports, from a file graph. */
export function folderEdges(graph: ImportGraph, prefix: string): Map<string, Set<string>> {
  const folderOf = (f: string): string => f.slice(prefix.length).split('/')[0].replace(/\.ts$/, '');
  const edges = new Map<string, Set<string>>();
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    for (const dep of deps) {
      const to = folderOf(dep);
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return edges;
}
