import * as assert from 'node:assert/strict';
import { cursorContext, type CursorContext } from './cursor';
import { initPyparse, parsePython } from './parser';
import { sourceRange } from './strings';

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

  // Half-typed top-level statements, as the language server's completion and hover see them.
  const SERVER: readonly [string, unknown][] = [
    ['config.input.¦', { attribute: [['input'], ''] }],
    ["  config.evals['val/x'].ty¦", { attribute: [['evals', 'val/x'], 'ty'] }],
    ['arg.¦', { attribute: [undefined, ''] }],
    ['x = 1  # config.¦', { comment: true }],
    ["config.model = dict(variant='B/16', po¦)", { keyword: [['model'], 'po', ['variant']] }],
    ['config.model = dict(\n    variant=1,\n    ¦', { keyword: [['model'], '', ['variant']] }],
    ['config.input = dict(data=dict(¦', { keyword: [['input', 'data'], '', []] }],
    ["config.input = {'batch_size': 2, 'sh¦': 1}", { string: [['input'], 'sh', ['batch_size']] }],
    ["config.model = dict(variant='B/¦16')", { value: [['model', 'variant'], 'variant', 'B/16', 2, {}] }],
    ["config.input.pp = ('decode|' + 'val¦ue')", { value: [['input', 'pp'], 'pp', 'value', 3, {}] }],
    ["config.input.data = dict(name='mnist', split='tr¦')", { value: [['input', 'data', 'split'], 'split', 'tr', 2, { name: 'mnist' }] }],
    ["config.input.data = dict(split='tr¦', name='mnist', n=1)", { value: [['input', 'data', 'split'], 'split', 'tr', 2, { name: 'mnist' }] }],
    ["config.input.data = dict(name='mnist' + x, split='tr¦", { value: [['input', 'data', 'split'], 'split', 'tr', 2, {}] }],
    ["pp_eval = f'decode|resize({res})|cen¦'", { value: [undefined, 'pp_eval', 'decode|resize(\uFFFC)|cen', 20, {}] }],
    ["config.schedule = [('.*', dict(decay_type='co¦'))]", { value: [['schedule', 0, 1, 'decay_type'], 'decay_type', 'co', 2, {}] }],
    ["def f():\n  return dict(type='cl¦')", { value: [undefined, 'type', 'cl', 2, {}] }],
    ["config.pp_modules = ['ops_general', 'ops_¦']", { value: [['pp_modules', 1], undefined, 'ops_', 4, {}] }],
    ["config.x = helper(pp='a¦')", { value: [undefined, undefined, 'a', 1, {}] }],
    ["config.input.pp = '|'.join(['decode', 'res¦'])", { value: [['input', 'pp'], 'pp', 'res', 3, {}] }],
    ['config.a = """x\n¦y"""', { value: [['a'], 'a', 'x\ny', 2, {}] }],
    ["config.a = 'unterminated¦\nconfig.b = 1", { value: [['a'], 'a', 'unterminated', 12, {}] }],
    ["s = 'x'\nconfig.input.¦", { attribute: [['input'], ''] }],
  ];
  for (const [marked, want] of SERVER) {
    it(`top level: ${JSON.stringify(marked)}`, () => {
      const c = at(marked);
      const got = c.comment ? { comment: true }
        : c.attribute ? { attribute: [c.attribute.keyPath, c.attribute.prefix] }
        : c.dictKey ? { [c.dictKey.form]: [c.dictKey.keyPath, c.dictKey.prefix, c.dictKey.present] }
        : c.string ? { value: [c.string.keyPath, c.string.name, c.string.value, c.string.valueOffset, c.string.siblingValues] }
        : {};
      assert.deepEqual(got, want);
    });
  }

  it('siblings: keys before and (from the tree) after the cursor', () => {
    const s = at("config.input.data = dict(name='mnist', split='tr¦', data_dir=d)\n").string;
    assert.deepEqual(s?.siblings.sort(), ['data_dir', 'name', 'split']);
  });

  it('maps value characters to the source through escapes, also in an unterminated string', () => {
    const text = "config.input.pp = 'a\\x7cres";
    const s = at(`${text}¦\n`).string;
    assert.ok(s);
    assert.deepEqual([s.value, s.valueOffset, s.quote, s.literal], ['a|res', 5, "'", undefined]);
    const r = sourceRange(s, 1, 5);
    assert.equal(text.slice(r.start, r.end), '\\x7cres');
    assert.deepEqual(sourceRange(s, 5, 5), { start: text.length, end: text.length });
  });

  it('nothing in a comment or after a complete expression', () => {
    assert.deepEqual(at(`${G}  # config.¦\n`), { comment: true });
    assert.deepEqual(at(`${G}  x = 1 + ¦\n`), {});
  });
});
