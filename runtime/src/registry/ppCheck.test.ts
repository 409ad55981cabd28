// checkCall / checkPp: Python-style binding errors, literal type warnings and
// unknown or unbundled ops, each at the exact span the editor underlines.

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { ppOps } from './index';
import { checkCall, checkPp, type PpProblem } from './ppCheck';
import { parsePpCall } from './ppGrammar';

function check(piece: string): PpProblem[] {
  const call = parsePpCall(piece);
  return checkCall(ppOps.require(call.name), call);
}

/** [code, severity, underlined text] per problem. */
function brief(piece: string, problems: readonly PpProblem[]): [string, string, string][] {
  return problems.map((p) => [p.code, p.severity, piece.slice(p.start, p.end)]);
}

describe('checkCall', () => {
  it('accepts the canonical calls', () => {
    for (const piece of [
      'decode', 'decode(channels=1)', 'resize(224)', 'resize((224, 160), method="bicubic", antialias=True, key="img")',
      'value_range(-1, 1)', 'value_range(0, 1, in_min=[0, 0, 0], in_max=(255, 255, 255.0), clip_values=True)',
      'onehot(1000, key="label", key_result="labels")', 'keep("image", "labels")', 'keep()', 'copy("a", "b")',
      'central_crop()', 'central_crop(None)', 'inception_crop(224, area_min=8)', 'vgg_value_range()',
      'masked_concat(["a", "b"], mask_ar=[0, 1], mask_loss=[0, 1])', 'tok("gemma", 32, bos="yes", key="prefix")',
      'tolen(33, pad_value=0, key="text")', 'tolen(None, key="text")', 'decode_jpeg_and_inception_crop(224)',
    ]) {
      assert.deepEqual(check(piece), [], piece);
    }
  });

  it('reports too many positional arguments over the extra ones', () => {
    const piece = 'resize(224, "bilinear", False, 3)';
    assert.deepEqual(brief(piece, check(piece)), [['arity', 'error', '3']]);
    const flip = 'flip_lr(1, 2)';
    const [p] = check(flip);
    assert.equal(flip.slice(p.start, p.end), '1, 2');
    assert.match(p.message, /flip_lr\(\) takes 0 positional arguments but 2 were given/);
  });

  it('keyword-only params cannot be passed positionally', () => {
    const piece = 'tok("gemma", 32, "yes")';
    assert.deepEqual(brief(piece, check(piece)), [['arity', 'error', '"yes"']]);
  });

  it('reports unknown keywords with a suggestion and the signature', () => {
    const piece = 'resize(224, methd="area")';
    const problems = check(piece);
    assert.deepEqual(brief(piece, problems), [['unknown_keyword', 'error', 'methd']]);
    assert.match(problems[0].message, /unexpected keyword argument 'methd'. Did you mean 'method'\? Signature: resize\(size, method='bilinear'/);
  });

  it('reports missing required arguments on the op name', () => {
    const piece = 'onehot(key="label")';
    assert.deepEqual(brief(piece, check(piece)), [['missing', 'error', 'onehot']]);
    assert.deepEqual(brief('copy("a")', check('copy("a")')), [['missing', 'error', 'copy']]);
    assert.match(check('resize')[0].message, /missing required argument 'size'/);
  });

  it('reports a value given positionally and by keyword', () => {
    const piece = 'resize(224, size=256)';
    assert.deepEqual(brief(piece, check(piece)), [['duplicate', 'error', 'size=256']]);
  });

  it('warns about a repeated keyword (upstream keeps the last value)', () => {
    const piece = 'resize(224, method="area", method="bicubic")';
    assert.deepEqual(brief(piece, check(piece)), [['duplicate', 'warning', 'method="bicubic"']]);
  });

  it('warns about wrong literal types', () => {
    const piece = 'resize("224", antialias=1, method=3)';
    assert.deepEqual(brief(piece, check(piece)), [
      ['type', 'warning', '"224"'], ['type', 'warning', '1'], ['type', 'warning', '3'],
    ]);
    assert.match(check('onehot(10.5)')[0].message, /'depth' expects int, got float 10.5/);
    assert.deepEqual(brief('keep("a", 3)', check('keep("a", 3)')), [['type', 'warning', '3']]);
    assert.deepEqual(brief('resize(None)', check('resize(None)')), [['type', 'warning', 'None']]);
    assert.deepEqual(brief('masked_concat(["a"], mask_ar=1)', check('masked_concat(["a"], mask_ar=1)')), [['type', 'warning', '1']]);
  });

  it('warns about values outside the documented choices', () => {
    const piece = 'resize(224, method="cubic")';
    const problems = check(piece);
    assert.deepEqual(brief(piece, problems), [['choice', 'warning', '"cubic"']]);
    assert.match(problems[0].message, /valid values: 'bilinear', 'lanczos3'/);
  });
});

describe('checkPp', () => {
  it('combines syntax, unknown-op and binding problems in source order with a base offset', () => {
    const pp = 'decode|resize_smal(256)|resize(2*3)|flip_lr(1)';
    const problems = checkPp(pp, ppOps, { base: 10 });
    assert.deepEqual(problems.map((p) => [p.code, pp.slice(p.start - 10, p.end - 10)]), [
      ['unknown_op', 'resize_smal'], ['syntax', '*'], ['arity', '1'],
    ]);
    assert.match(problems[0].message, /Did you mean 'resize_small'/);
  });

  it('flags ops the bundled trainer lacks only when asked', () => {
    const pp = 'decode|randaug(2, 10)|resize_long(256)|squeeze_last_dim';
    assert.deepEqual(checkPp(pp, ppOps), []);
    const problems = checkPp(pp, ppOps, { requireBundled: true });
    assert.deepEqual(problems.map((p) => [p.code, pp.slice(p.start, p.end)]), [['unbundled_op', 'resize_long'], ['unbundled_op', 'squeeze_last_dim']]);
    assert.match(problems[0].message, /ops_image/);
  });

  it('accepts the PaliGemma train string', () => {
    const pp = `decode|resize(224, antialias=True)|value_range(-1, 1)|strfmt("answer en {question_text}", outkey="prefix")|choice_no_replacement(inkey="answers", outkey="suffix")|tok(key='prefix', bos='yes', model='gemma(tokensets=("loc", "seg"))')|masked_concat(["prefix", "septok", "suffix"], outkey="text", mask_ar=[0, 0, 1], mask_loss=[0, 0, 1])|tolen(33, pad_value=0, key="text")|keep("image", "text", "mask_ar", "mask_loss")`;
    assert.deepEqual(checkPp(pp, ppOps), []);
  });
});
