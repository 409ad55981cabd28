// ViT / Mixer variant strings decoded like upstream's decode_variant.

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseMixerVariant, parseVitVariant } from './variants';

describe('parseVitVariant', () => {
  it('decodes B/16', () => {
    assert.deepEqual(parseVitVariant('B/16'), { ok: true, value: { size: 'B', width: 768, depth: 12, mlpDim: 3072, heads: 12, patch: 16 } });
  });

  it('decodes So400m/14, g-opt/14 and Ti/16', () => {
    assert.deepEqual(parseVitVariant('So400m/14'), { ok: true, value: { size: 'So400m', width: 1152, depth: 27, mlpDim: 4304, heads: 16, patch: 14 } });
    assert.deepEqual(parseVitVariant('g-opt/14'), { ok: true, value: { size: 'g-opt', width: 1536, depth: 40, mlpDim: 6144, heads: 16, patch: 14 } });
    assert.deepEqual(parseVitVariant('Ti/16'), { ok: true, value: { size: 'Ti', width: 192, depth: 12, mlpDim: 768, heads: 3, patch: 16 } });
  });

  it('accepts a bare size (patch_size keeps its default)', () => {
    const r = parseVitVariant('L');
    assert.ok(r.ok && r.value.patch === undefined && r.value.depth === 24);
  });

  it('rejects unknown sizes with the span of the size and a suggestion', () => {
    const r = parseVitVariant('b/16');
    assert.ok(!r.ok);
    assert.deepEqual([r.start, r.end], [0, 1]);
    assert.match(r.message, /unknown size 'b'.*Did you mean 'B'/);
    const so = parseVitVariant('So400/14');
    assert.ok(!so.ok && /Did you mean 'So400m'/.test(so.message));
  });

  it('rejects bad patches and extra slashes with their spans', () => {
    const r = parseVitVariant('B/x');
    assert.ok(!r.ok);
    assert.deepEqual([r.start, r.end], [2, 3]);
    const zero = parseVitVariant('B/0');
    assert.ok(!zero.ok && /at least 1/.test(zero.message));
    const extra = parseVitVariant('B/16/2');
    assert.ok(!extra.ok && extra.start === 4 && /too many '\/'/.test(extra.message));
  });
});

describe('parseMixerVariant', () => {
  it('decodes B/16 and requires the patch', () => {
    assert.deepEqual(parseMixerVariant('B/16'), { ok: true, value: { size: 'B', patch: 16, hiddenDim: 768, numBlocks: 12, channelsMlpDim: 3072, tokensMlpDim: 384 } });
    const r = parseMixerVariant('B');
    assert.ok(!r.ok && /needs a patch size/.test(r.message));
    assert.ok(!parseMixerVariant('Ti/16').ok);
  });
});
