/**
 * Python parsing with web-tree-sitter and tree-sitter-python. The WebAssembly runtime and grammar load once per
 * process (`initPyparse()`, ~50 ms); after that `parsePython` is synchronous (~1 ms for a 200-line config, a
 * fraction of that when re-parsing an edited tree).
 *
 * The two .wasm files lie beside the bundle (dist/runtime, dist/server: scripts/build.mjs copies them) or, when
 * running from sources, in node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

let loading: Promise<void> | undefined;
let parser: Parser | undefined;

/** The first of `dirs` holding `file`; throws naming every place looked at. */
function locate(file: string, dirs: string[]): string {
  for (const dir of dirs) {
    const p = path.join(dir, file);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${file} not found in ${dirs.join(', ')}; run \`npm run build\` (it copies the tree-sitter .wasm files beside the bundles)`);
}

/** Folders the .wasm files may lie in: beside this module (bundle) or in the repo's node_modules (sources). */
function searchDirs(pkg: string): string[] {
  const dirs = [__dirname];
  // From sources this file is runtime/src/pyparse/parser.ts; walk up to the folder holding node_modules.
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) dirs.push(path.join(dir, 'node_modules', pkg));
  return dirs;
}

/** Loads the tree-sitter runtime and the Python grammar; later calls return the same promise. */
export function initPyparse(): Promise<void> {
  loading ??= (async () => {
    const runtime = locate(RUNTIME_WASM, searchDirs('web-tree-sitter'));
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(locate(PYTHON_WASM, searchDirs('tree-sitter-python')));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  loading.catch(() => {
    // A failed load may be retried (e.g. after `npm run build` copied the files).
    loading = undefined;
  });
  return loading;
}

/** Whether `initPyparse()` has finished. */
export function pyparseReady(): boolean {
  return parser !== undefined;
}

/**
 * Parses Python source. Pass the previous tree, already `edit()`ed to match `source`, to re-parse incrementally.
 * Throws when `initPyparse()` has not finished: callers await it once at start-up.
 */
export function parsePython(source: string, oldTree?: Tree): Tree {
  if (!parser) throw new Error('parsePython called before initPyparse() finished; await initPyparse() once at start-up');
  const tree = parser.parse(source, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree (parsing was cancelled)');
  return tree;
}
