/**
 * Cursor contexts on half-typed config code, table-driven with `§` markers.
 */
import * as assert from 'node:assert/strict';
import { cursorContext, type CursorContext } from './cursorContext';
import { decodeString, valueIndexAt } from './stringLiteral';

const roots = new Set(['config']);

function at(marked: string): CursorContext {
  const offset = marked.indexOf('§');
  return cursorContext(marked.replace('§', ''), offset, roots);
}

/** The context without offsets, for comparison. */
function summary(c: CursorContext): unknown {
  switch (c.kind) {
    case 'string':
      return { kind: c.kind, path: c.path, name: c.name, value: c.literal.value, index: c.index, siblingValues: c.siblingValues };
    case 'none':
      return { kind: c.kind };
    default:
      return { kind: c.kind, path: c.path, partial: c.partial, ...('written' in c ? { written: c.written } : {}) };
  }
}

describe('cursorContext', () => {
  const table: [string, unknown][] = [
    ['config.input.§', { kind: 'attribute', path: ['input'], partial: '' }],
    ["  config.evals['val/x'].ty§", { kind: 'attribute', path: ['evals', 'val/x'], partial: 'ty' }],
    ['arg.§', { kind: 'none' }],
    ['x = 1  # config.§', { kind: 'none' }],
    ["config.model = dict(variant='B/16', po§)", { kind: 'keyword', path: ['model'], partial: 'po', written: ['variant'] }],
    ['config.model = dict(\n    variant=1,\n    §', { kind: 'keyword', path: ['model'], partial: '', written: ['variant'] }],
    ['config.input = dict(data=dict(§', { kind: 'keyword', path: ['input', 'data'], partial: '', written: [] }],
    ["config.input = {'batch_size': 2, 'sh§': 1}", { kind: 'dictKey', path: ['input'], partial: 'sh', written: ['batch_size'] }],
    ["config.model = dict(variant='B/§16')", { kind: 'string', path: ['model', 'variant'], name: 'variant', value: 'B/16', index: 2, siblingValues: {} }],
    ["config.input.pp = ('decode|' + 'val§ue')", { kind: 'string', path: ['input', 'pp'], name: 'pp', value: 'value', index: 3, siblingValues: {} }],
    ["config.input.data = dict(name='mnist', split='tr§')", { kind: 'string', path: ['input', 'data', 'split'], name: 'split', value: 'tr', index: 2, siblingValues: { name: 'mnist' } }],
    ["pp_eval = f'decode|resize({res})|cen§'", { kind: 'string', path: undefined, name: 'pp_eval', value: 'decode|resize(_____)|cen', index: 24, siblingValues: {} }],
    ["config.schedule = [('.*', dict(decay_type='co§'))]", { kind: 'string', path: undefined, name: 'decay_type', value: 'co', index: 2, siblingValues: {} }],
    ["def f():\n  return dict(type='cl§')", { kind: 'string', path: undefined, name: 'type', value: 'cl', index: 2, siblingValues: {} }],
    ['config.a = """x\n§y"""', { kind: 'string', path: ['a'], name: 'a', value: 'x\ny', index: 2, siblingValues: {} }],
    ["config.a = 'unterminated§\nconfig.b = 1", { kind: 'string', path: ['a'], name: 'a', value: 'unterminated', index: 12, siblingValues: {} }],
    ["s = 'x'\nconfig.input.§", { kind: 'attribute', path: ['input'], partial: '' }],
  ];
  for (const [marked, want] of table) {
    it(JSON.stringify(marked), () => assert.deepEqual(summary(at(marked)), want));
  }
});

describe('decodeString', () => {
  it('maps every value character to its source offset through escapes', () => {
    const d = decodeString('a\\nb\\x41', '', 10);
    assert.equal(d.value, 'a\nbA');
    assert.deepEqual(d.offsets, [10, 11, 13, 14, 18]);
    assert.equal(valueIndexAt(d, 13), 2);
  });
  it('keeps raw strings as written and blanks f-string fields', () => {
    assert.equal(decodeString('a\\n', 'r', 0).value, 'a\\n');
    assert.equal(decodeString('{x!r:>3}|{{', 'f', 0).value, '________|{');
  });
});
