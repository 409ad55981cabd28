// The pp grammar on the trickiest strings upstream accepts (pp_ops.md §2, §5)
// and on strings upstream rejects, checking values and exact offsets.

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { callArguments, parsePp, parsePpCall, type PpCall } from './ppGrammar';
import { literalToJs, PyComplex, type PyLiteral } from './pyLiteral';

/** Parses `pp` expecting no errors. */
function ok(pp: string): readonly PpCall[] {
  const { calls, errors } = parsePp(pp);
  assert.deepEqual(errors, [], `unexpected errors for ${pp}`);
  return calls;
}

/** Asserts that `lit` spans exactly `text` at its first occurrence at/after `from` in `pp`. */
function spans(pp: string, lit: { start: number; end: number }, text: string, from = 0): void {
  const at = pp.indexOf(text, from);
  assert.ok(at >= 0, `${text} not in ${pp}`);
  assert.deepEqual([lit.start, lit.end], [at, at + text.length], `span of ${text}`);
}

/** Parses `pp` expecting exactly one error whose span starts at `text`'s offset. */
function bad(pp: string, message: RegExp, text: string, from = 0): void {
  const { errors } = parsePp(pp);
  assert.equal(errors.length, 1, `expected one error for ${pp}: ${JSON.stringify(errors)}`);
  assert.match(errors[0].message, message);
  assert.equal(errors[0].start, pp.indexOf(text, from), `error offset in ${pp}: ${errors[0].message}`);
}

const js = (lit: PyLiteral): unknown => literalToJs(lit);

describe('pp grammar: strings upstream accepts', () => {
  it('1: canonical classification train string', () => {
    const pp = 'decode_jpeg_and_inception_crop(224)|flip_lr|randaug(2,10)|value_range(-1, 1)|onehot(1000, key="label", key_result="labels")|keep("image", "labels")';
    const calls = ok(pp);
    assert.deepEqual(calls.map((c) => c.name), ['decode_jpeg_and_inception_crop', 'flip_lr', 'randaug', 'value_range', 'onehot', 'keep']);
    assert.equal(calls[1].called, false);
    assert.deepEqual([calls[1].start, calls[1].end, calls[1].nameStart, calls[1].nameEnd], [36, 43, 36, 43]);
    assert.deepEqual(calls[3].args.map(js), [-1, 1]);
    spans(pp, calls[3].args[0], '-1');
    const onehot = calls[4];
    assert.deepEqual(callArguments(onehot), { args: [1000], kwargs: { key: 'label', key_result: 'labels' } });
    assert.deepEqual([onehot.kwargs[0].nameStart, onehot.kwargs[0].nameEnd], [pp.indexOf('key='), pp.indexOf('key=') + 3]);
    spans(pp, onehot.kwargs[1].value, '"labels"');
    assert.deepEqual(calls[5].args.map(js), ['image', 'labels']);
  });

  it('2: canonical eval string keeps piece and name offsets', () => {
    const pp = 'decode|resize_small(256)|central_crop(224)|value_range(-1, 1)';
    const calls = ok(pp);
    assert.deepEqual(calls.map((c) => [c.index, c.start, c.end, c.nameStart, c.nameEnd]), [
      [0, 0, 6, 0, 6], [1, 7, 24, 7, 19], [2, 25, 42, 25, 37], [3, 43, 61, 43, 54],
    ]);
    spans(pp, calls[1].args[0], '256');
  });

  it('3: nested quotes and parentheses inside a string argument', () => {
    const pp = `decode|tok(key='prefix', bos='yes', model='gemma(tokensets=("loc", "seg"))')`;
    const [, tok] = ok(pp);
    assert.deepEqual(callArguments(tok).kwargs, { key: 'prefix', bos: 'yes', model: 'gemma(tokensets=("loc", "seg"))' });
    spans(pp, tok.kwargs[2].value, `'gemma(tokensets=("loc", "seg"))'`);
  });

  it('4: list-valued keyword arguments (masked_concat **masks)', () => {
    const pp = 'masked_concat(["prefix", "septok", "suffix"], outkey="text", mask_ar=[0, 0, 1], mask_loss=[0, 0, 1])';
    const [c] = ok(pp);
    assert.deepEqual(callArguments(c), { args: [['prefix', 'septok', 'suffix']], kwargs: { outkey: 'text', mask_ar: [0, 0, 1], mask_loss: [0, 0, 1] } });
    assert.deepEqual(c.kwargs.map((k) => [k.name, k.nameStart, k.nameEnd, k.value.start, k.value.end]), [
      ['outkey', 46, 52, 53, 59], ['mask_ar', 61, 68, 69, 78], ['mask_loss', 80, 89, 90, 99],
    ]);
    assert.equal(c.args[0].kind, 'list');
  });

  it('5: empty pieces are skipped but keep their index', () => {
    const calls = ok('||decode||resize(2)|');
    assert.deepEqual(calls.map((c) => [c.name, c.index, c.start]), [['decode', 2, 2], ['resize', 4, 10]]);
    assert.deepEqual(parsePp(''), { calls: [], errors: [] });
    assert.deepEqual(parsePp(null), { calls: [], errors: [] });
  });

  it('6: braces and spaces inside strings', () => {
    const [c] = ok('strfmt("answer en {question_text}", outkey="prefix")');
    assert.deepEqual(callArguments(c).args, ['answer en {question_text}']);
  });

  it('7: number forms: underscores, exponents, signs, hex, leading dot, complex', () => {
    const pp = 'value_range(-1_000, 1e-3, in_min=(0, 0., .5, +2), in_max=[255.0, -0x1F, 0b11, 0o17, 1E+2], x=1+2j, y=-3j)';
    const [c] = ok(pp);
    const { args, kwargs } = callArguments(c);
    assert.deepEqual(args, [-1000, 0.001]);
    assert.deepEqual(kwargs.in_min, [0, 0, 0.5, 2]);
    assert.deepEqual(kwargs.in_max, [255, -31, 3, 15, 100]);
    assert.deepEqual(kwargs.x, new PyComplex(1, 2));
    assert.deepEqual(kwargs.y, new PyComplex(-0, -3));
    assert.deepEqual(c.args.map((a) => a.kind), ['int', 'float']);
    const inMin = c.kwargs[0].value;
    assert.ok(inMin.kind === 'tuple');
    assert.deepEqual(inMin.items.map((i) => i.kind), ['int', 'float', 'float', 'int']);
    spans(pp, c.args[0], '-1_000');
    spans(pp, c.kwargs[2].value, '1+2j');
  });

  it('8: escapes, raw strings, bytes and implicit concatenation', () => {
    const pp = String.raw`strjoin('\n\t\x41\u00e9\101\'', r'\d+\'', b'\x00a', "it's" ' fine', '''tri"ple''')`;
    const [c] = ok(pp);
    const [a, raw, bytes, concat, triple] = callArguments(c).args;
    assert.equal(a, "\n\tAéA'");
    assert.equal(raw, String.raw`\d+\'`);
    assert.deepEqual(bytes, Uint8Array.from([0, 97]));
    assert.equal(concat, "it's fine");
    assert.equal(triple, 'tri"ple');
    spans(pp, c.args[3], `"it's" ' fine'`);
  });

  it('9: dicts, sets, nested tuples, None, True/False, set()', () => {
    const pp = `setdefault("meta", {"a": (1,), 'b': {1, 2}, 3: None, (1, 2): [True, False], 'e': set(), 'f': ()})`;
    const [c] = ok(pp);
    const value = c.args[1];
    assert.equal(value.kind, 'dict');
    assert.deepEqual(callArguments(c).args[1], { a: [1], b: [1, 2], 3: null, '(1, 2)': [true, false], e: [], f: [] });
    assert.ok(value.kind === 'dict' && value.entries[1].value.kind === 'set' && value.entries[4].value.kind === 'set');
    spans(pp, value, pp.slice(pp.indexOf('{"a"'), -1));
    // Python drops equal set items: {1, 1.0, True, 2} == {1, 2}.
    assert.deepEqual(callArguments(ok('x({1, 1.0, True, 2})')[0]).args, [[1, 2]]);
  });

  it('10: whitespace, newlines and comments inside the call are harmless', () => {
    const pp = ' resize( 224 ,\n method = "bicubic" , # comment\n antialias=True, )  ';
    const [c] = ok(pp);
    assert.equal(c.name, 'resize');
    assert.deepEqual([c.nameStart, c.nameEnd], [1, 7]);
    assert.deepEqual(callArguments(c), { args: [224], kwargs: { method: 'bicubic', antialias: true } });
    spans(pp, { start: c.kwargs[0].nameStart, end: c.kwargs[0].nameEnd }, 'method');
    spans(pp, c.kwargs[0].value, '"bicubic"');
  });

  it('11: parenthesised values and a parenthesised single value', () => {
    const [c] = ok('resize((224), size2=((1, 2),), z=(3,))');
    assert.deepEqual(callArguments(c), { args: [224], kwargs: { size2: [[1, 2]], z: [3] } });
    assert.equal(c.args[0].kind, 'int');
  });

  it('12: dotted names and the base offset', () => {
    const calls = parsePp('a.b|x.y(1)', 100).calls;
    assert.deepEqual(calls.map((c) => [c.name, c.nameStart, c.nameEnd]), [['a.b', 100, 103], ['x.y', 104, 107]]);
    assert.deepEqual(calls[1].args.map((a) => [a.start, a.end]), [[108, 109]]);
    assert.equal(parsePpCall('flip_lr()', 5).nameStart, 5);
  });
});

describe('pp grammar: strings upstream rejects', () => {
  it('rejects arithmetic', () => bad('decode|resize(2*3)', /expressions are not evaluated/, '*'));
  it('rejects a positional argument after a keyword', () => bad("resize(size=224, 'bilinear')", /positional argument follows keyword argument/, "'bilinear'"));
  it('accepts a repeated keyword like ast.parse does (last value wins)', () => {
    const [c] = ok('resize(size=1, size=2)');
    assert.deepEqual(callArguments(c).kwargs, { size: 2 });
    assert.deepEqual(c.kwargs.map((k) => k.nameStart), [7, 15]);
  });
  it("explains '|' inside quotes", () => {
    const { errors } = parsePp('decode|strfmt("a|b")');
    assert.match(errors[0].message, /unterminated string.*split on every '\|'/);
    assert.deepEqual([errors[0].start, errors[0].index], [14, 1]);
    assert.equal(errors.length, 2); // the 'b")' piece is broken too
  });
  it('rejects an unclosed call', () => bad('decode|resize(224', /'\(' was never closed/, '('));
  it('rejects names as values', () => bad('decode(image)', /'image' is not a literal/, 'image'));
  it('rejects whitespace-only pieces', () => bad('decode| |flip_lr', /empty op/, ' '));
  it('rejects blanks around a bare name', () => bad('decode |flip_lr', /raw text 'decode '/, 'decode'));
  it('rejects f-strings', () => bad("strfmt(f'{a}')", /f-strings are not literals/, "f'"));
  it('rejects leading zeros', () => bad('resize(007)', /leading zeros/, '007'));
  it('rejects trailing text after the call', () => bad('decode(1)[0]', /unexpected '\['/, '['));
  it('rejects double signs', () => bad('value_range(--1)', /sign may only precede a number/, '--'));
  it('rejects *args', () => bad('keep(*keys)', /\*args and \*\*kwargs/, '*'));
  it('rejects unhashable dict keys', () => bad('setdefault("k", {[1]: 2})', /unhashable type: 'list'/, '[1]'));
  it('rejects keywords as op names and keyword names', () => {
    bad('True(1)', /Python keyword/, 'True');
    bad('copy(None=1)', /cannot assign to None/, 'None');
  });
  it('rejects a missing comma', () => bad('resize(1 2)', /expected ',' or '\)'/, '2'));
  it('rejects unterminated triple-quoted strings and bad escapes', () => {
    bad("strjoin('''abc)", /unterminated string/, "'''");
    bad("strjoin('\\x4')", /truncated \\x escape/, '\\x');
  });
  it('reports one error per bad piece and keeps the good ones', () => {
    const { calls, errors } = parsePp('decode|resize(|flip_lr|x(1 +)');
    assert.deepEqual(calls.map((c) => c.name), ['decode', 'flip_lr']);
    assert.deepEqual(errors.map((e) => e.index), [1, 3]);
  });
  it('parsePpCall throws PySyntaxError with offsets', () => {
    assert.throws(() => parsePpCall('resize(1,,2)', 10), (err: unknown) => err instanceof Error && 'start' in err && (err as { start: number }).start === 19);
  });
});
