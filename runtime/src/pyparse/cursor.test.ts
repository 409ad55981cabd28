import * as assert from 'node:assert/strict';
import { cursorContext, type CursorContext } from './cursor';
import { initPyparse, parsePython } from './parser';

/** `¦` marks the cursor; the rest of the source is indented under `def get_config():` unless it starts at col 0. */
function at(marked: string): CursorContext {
  const offset = marked.indexOf('¦');
  const text = marked.replace('¦', '');
  const tree = parsePython(text);
  try {
    return cursorContext({ text, tree }, offset);
  } finally {
    tree.delete();
  }
}

const G = 'def get_config():\n  config = mlc.ConfigDict()\n';

describe('pyparse: cursorContext', () => {
  before(() => initPyparse());

  const ATTRIBUTES: readonly [string, unknown[], string, unknown[] | undefined][] = [
    [`${G}  config.¦\n  config.x = 2\n`, ['config'], '', []],
    [`${G}  config.input.ba¦tch = 3\n`, ['config', 'input'], 'ba', ['input']],
    [`${G}  config.evals['val'].¦\n`, ['config', 'evals', 'val'], '', ['evals', 'val']],
    [`${G}  config.evals[name].p¦\n`, ['config', 'evals', '*'], 'p', ['evals', '*']],
    [`${G}  other.¦\n`, ['other'], '', undefined],
  ];
  for (const [src, chain, prefix, keyPath] of ATTRIBUTES) {
    it(`attribute: ${src.split('\n').find((l) => l.includes('¦'))?.trim()}`, () => {
      const a = at(src).attribute;
      assert.ok(a, 'an attribute context');
      assert.deepEqual([a.chain, a.prefix, a.keyPath], [chain, prefix, keyPath]);
    });
  }

  const DICT_KEYS: readonly [string, 'keyword' | 'string', string, unknown[] | undefined, string[]][] = [
    // Unclosed brackets while typing: the tree is broken there, the tokens are not.
    [`${G}  config.input = dict(data=dict(na¦\n  config.x = 2\n  return config\n`, 'keyword', 'na', ['input', 'data'], []],
    [`${G}  config.input = dict(data=dict(name='x', ¦\n`, 'keyword', '', ['input', 'data'], ['name']],
    [`${G}  config.input = {'da¦\n`, 'string', 'da', ['input'], []],
    [`${G}  config.input = {'data': {'name': 'x', '¦'}}\n`, 'string', '', ['input', 'data'], ['name']],
    [`${G}  config.schedule = [('.*', dict(warm¦))]\n`, 'keyword', 'warm', ['schedule', 0, 1], []],
    [`${G}  return dict(model=dict(vari¦))\n`, 'keyword', 'vari', ['model'], []],
    ['def helper():\n  return dict(model=dict(vari¦))\n', 'keyword', 'vari', undefined, []],
    [`${G}  config.model = mlc.ConfigDict(dict(¦))\n`, 'keyword', '', ['model'], []],
  ];
  for (const [src, form, prefix, keyPath, present] of DICT_KEYS) {
    it(`dict key: ${src.split('\n').find((l) => l.includes('¦'))?.trim()}`, () => {
      const d = at(src).dictKey;
      assert.ok(d, 'a dict-key context');
      assert.deepEqual([d.form, d.prefix, d.keyPath, d.present], [form, prefix, keyPath, present]);
    });
  }

  const STRINGS: readonly [string, string, number, unknown[] | undefined, boolean][] = [
    [`${G}  config.input.pp = 'decode|res¦ize(3)'\n`, 'decode|resize(3)', 10, ['input', 'pp'], true],
    [`${G}  config.input.pp = 'decode|' + '|'.join(['a', 'b¦'])\n`, 'b', 1, ['input', 'pp'], true],
    [`${G}  config.evals.val = dict(type='classification', pp_fn='dec¦ode')\n`, 'decode', 3, ['evals', 'val', 'pp_fn'], true],
    [`${G}  config.model_name = 'vi¦t' 'abc'\n`, 'vitabc', 2, ['model_name'], true],
    [`${G}  config.input.pp = 'dec¦\n  config.x = 1\n`, 'dec', 3, ['input', 'pp'], false],
    ["x = '''abc\n d¦ef'''\n", 'abc\n def', 6, undefined, true],
    [`${G}  config.input.pp = 'a\\x7c¦b'\n`, 'a|b', 2, ['input', 'pp'], true],
  ];
  for (const [src, value, valueOffset, keyPath, parsed] of STRINGS) {
    it(`string: ${src.split('\n').find((l) => l.includes('¦'))?.trim()}`, () => {
      const s = at(src).string;
      assert.ok(s, 'a string context');
      assert.deepEqual([s.value, s.valueOffset, s.keyPath, !!s.literal], [value, valueOffset, keyPath, parsed]);
    });
  }

  it('nothing in a comment or after a complete expression', () => {
    assert.deepEqual(at(`${G}  # config.¦\n`), { comment: true });
    assert.deepEqual(at(`${G}  x = 1 + ¦\n`), {});
  });
});
