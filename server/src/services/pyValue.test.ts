/**
 * Values as Python spells them, from the JSON value and the engine's kind of the key.
 */
import * as assert from 'node:assert/strict';
import type { KeyKind } from '../../../runtime/src/config';
import { kindAt, pyValue, shortValue, type Evaluated } from './pyValue';

describe('pyValue', () => {
  const VALUES: readonly [unknown, KeyKind | undefined, string][] = [
    [1, { type: 'float' }, '1.0'],
    [1, { type: 'int' }, '1'],
    [[224, 224], { type: 'tuple' }, '(224, 224)'],
    [[1], { type: 'tuple' }, '(1,)'],
    [[1, 2], { type: 'list' }, '[1, 2]'],
    [[1, 2], undefined, '[1, 2]'],
    [true, { type: 'bool' }, 'True'],
    [null, { type: 'NoneType' }, 'None'],
    ["it's", { type: 'str' }, "'it\\'s'"],
  ];
  for (const [v, kind, want] of VALUES) {
    it(`${JSON.stringify(v)} as ${kind?.type ?? 'unknown'} → ${want}`, () => assert.equal(pyValue(v as never, kind), want));
  }

  it('a dict as its keys; long values cut', () => {
    assert.equal(shortValue({ a: 1, b: { c: 2 } }, { type: 'ConfigDict' }), '{a, b}');
    assert.equal(shortValue('x'.repeat(100)).length, 80);
  });

  it('finds the kind of a key path among the spans', () => {
    const span = { file: '/c.py', line: 1, col: 0, endLine: 1, endCol: 1 };
    const evaluated: Evaluated = { ok: true, config: {}, configText: '{}', ms: 1, spans: [[['schedule', 0, 1, 'lr'], span, { type: 'float' }], [['n'], span, { type: 'int', ref: true }]] };
    assert.deepEqual(kindAt(evaluated, ['schedule', '0', '1', 'lr']), { type: 'float' });
    assert.deepEqual(kindAt(evaluated, ['n']), { type: 'int', ref: true });
    assert.equal(kindAt(evaluated, ['m']), undefined);
  });
});
