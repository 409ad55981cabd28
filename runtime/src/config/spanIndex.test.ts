// The one path → span index: lookups by path (a list index and its digit string alike), kinds, the nearest
// recorded ancestor, one index per evaluation, and no second index built from an evaluation's spans elsewhere.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KeyKind, Span } from './protocol';
import { spanIndex } from './spanIndex';

const at = (line: number): Span => ({ file: '/c.py', line, col: 2, endLine: line, endCol: 9 });
const FLOAT: KeyKind = { type: 'float' };
const SPANS: [(string | number)[], Span, KeyKind][] = [
  [['lr'], at(3), FLOAT],
  [['evals', 'val'], at(5), { type: 'ConfigDict' }],
  [['schedule', 0, 'decay_type'], at(7), { type: 'str' }],
];

describe('spanIndex', () => {
  it('finds spans and kinds by path', () => {
    const index = spanIndex(SPANS);
    assert.deepEqual(index.span(['lr']), at(3));
    assert.deepEqual(index.kind(['lr']), FLOAT);
    assert.deepEqual(index.span(['schedule', '0', 'decay_type']), at(7));
    assert.equal(index.span(['evals', 'val', 'pp_fn']), undefined);
    assert.deepEqual(index.nearest(['evals', 'val', 'pp_fn']), at(5));
    assert.equal([...index.spans()].length, 3);
  });

  it('is built once per evaluation', () => {
    assert.equal(spanIndex(SPANS), spanIndex(SPANS));
    assert.notEqual(spanIndex(SPANS), spanIndex([...SPANS]));
  });

  it('is the only index built from an evaluation\'s spans', () => {
    const root = join(__dirname, '..', '..', '..');
    const hits: string[] = [];
    // Iterating or mapping `<evaluation>.spans` by hand is how a second index starts.
    const second = /of [\w.?]*\.spans\)|\.spans\.(?:map|forEach|reduce|find|filter)\(/;
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ts$/.test(name) && !name.endsWith('.test.ts') && second.test(readFileSync(path, 'utf8'))) hits.push(relative(root, path));
      }
    };
    assert.ok(second.test('for (const [path, span] of input.result.spans) {') && second.test('evaluated.spans.map(([p]) => p)'));
    for (const side of ['runtime/src', 'server/src', 'client/src']) walk(join(root, side));
    assert.deepEqual(hits, []);
  });
});
