/**
 * Model facts load without TensorFlow.js: the language server computes them, so nothing reachable from the facts'
 * entry point may import tfjs (or the trainer's tensor modules). Read with TypeScript's own pre-processor, type
 * imports included.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** Every source file reachable from `entry` through relative imports, and every package they import. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) {
        packages.add(fileName);
        continue;
      }
      const base = path.resolve(path.dirname(file), fileName);
      const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (hit) todo.push(hit);
    }
  }
  return { files, packages };
}

describe('model facts need no tfjs', () => {
  it('nothing reachable from runtime/src/facts imports @tensorflow or runtime/src/tf', () => {
    const { files, packages } = reachable(path.join(__dirname, 'index.ts'));
    assert.ok(files.size > 5, `walked ${files.size} files`);
    assert.ok([...files].some((f) => f.endsWith(path.join('models', 'vitConfig.ts'))), 'the walk follows the ViT resolver');
    assert.deepEqual([...packages].filter((p) => p.startsWith('@tensorflow')), []);
    assert.deepEqual([...files].filter((f) => f.includes(`${path.sep}src${path.sep}tf${path.sep}`)), []);
  });
});
