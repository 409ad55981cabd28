// Unit tests for the generic Registry: namespacing, duplicate handling,
// temporary registration and "did you mean" suggestions.

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { ppOps } from './index';
import { Registry, editDistance, suggestNames } from './registry';

describe('Registry', () => {
  it('stores names under the namespace prefix and accepts both spellings', () => {
    const r = new Registry<{ v: number }>('pp');
    r.register('a', { v: 1 });
    assert.equal(r.key('a'), 'pp.a');
    assert.deepEqual(r.get('pp.a'), { v: 1 });
    assert.deepEqual(r.get('a'), { v: 1 });
    assert.ok(r.knows('a') && r.knows('pp.a') && !r.knows('b'));
    assert.deepEqual(r.names(), ['a']);
  });

  it('throws on duplicates unless replace is set', () => {
    const r = new Registry<number>('model');
    r.register('vit', 1);
    assert.throws(() => r.register('vit', 2), /already registered/);
    assert.throws(() => r.register('model.vit', 2), /'model.vit'/);
    r.register('vit', 3, { replace: true });
    assert.equal(r.get('vit'), 3);
    assert.equal(r.size, 1);
  });

  it('keeps registration order in list()', () => {
    const r = new Registry<string>('loss');
    ['c', 'a', 'b'].forEach((n) => r.register(n, n));
    assert.deepEqual(r.list(), ['c', 'a', 'b']);
  });

  it('withTemporary restores the previous state, also after a throw', () => {
    const r = new Registry<number>('pp');
    r.register('keep', 1);
    assert.equal(r.withTemporary('tmp', 5, () => r.get('tmp')), 5);
    assert.equal(r.knows('tmp'), false);
    assert.equal(r.withTemporary('keep', 9, () => r.get('keep')), 9);
    assert.equal(r.get('keep'), 1);
    assert.throws(() => r.withTemporary('tmp', 5, () => { throw new Error('boom'); }), /boom/);
    assert.equal(r.knows('tmp'), false);
  });

  it('withTemporary waits for a promise before restoring', async () => {
    const r = new Registry<number>('pp');
    const seen = await r.withTemporary('tmp', 7, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return r.get('tmp');
    });
    assert.equal(seen, 7);
    assert.equal(r.knows('tmp'), false);
  });

  it('require() names the unknown entry and suggests close ones', () => {
    assert.throws(() => ppOps.require('resize_smal'), /Unknown pp name 'resize_smal'. Did you mean 'resize_small'/);
  });
});

describe('suggest', () => {
  it('finds resize_small for resize_smal', () => {
    assert.equal(ppOps.suggest('resize_smal')[0], 'resize_small');
    assert.equal(ppOps.suggest('pp.resize_smal')[0], 'resize_small');
  });

  it('handles transpositions and case', () => {
    assert.equal(editDistance('flip_rl', 'flip_lr'), 1);
    assert.equal(ppOps.suggest('flip_rl')[0], 'flip_lr');
    assert.equal(ppOps.suggest('Decode')[0], 'decode');
    assert.equal(ppOps.suggest('value_rnage')[0], 'value_range');
  });

  it('returns nothing for unrelated names', () => {
    assert.deepEqual(suggestNames('zzzzzzzz', ['decode', 'resize']), []);
  });

  it('computes plain edit distances', () => {
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});
