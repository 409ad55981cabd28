import * as assert from 'node:assert/strict';
import { fileInstructions, parseSplit, pyRound, resolveSplit, SplitError, splitSize } from './splits';

const one = (n: number) => ({ shardLengths: [n] });

describe('TFDS split slicing', () => {
  const imagenet = { train: one(50000), validation: one(1000) };
  // [spec, splits, expected [split, from, to] terms]; expectations follow TFDS's int(round(pct * n / 100)).
  const cases: [string, Record<string, { shardLengths: number[] }>, [string, number, number][]][] = [
    ['train', imagenet, [['train', 0, 50000]]],
    ['train[:98%]', imagenet, [['train', 0, 49000]]],
    ['train[98%:]', imagenet, [['train', 49000, 50000]]],
    ['train[10000:]', imagenet, [['train', 10000, 50000]]],
    ['train[:10000]', imagenet, [['train', 0, 10000]]],
    ['train[-10240:]', imagenet, [['train', 39760, 50000]]],
    ['train[:-10240]', imagenet, [['train', 0, 39760]]],
    ['train[:2%]+validation', imagenet, [['train', 0, 1000], ['validation', 0, 1000]]],
    ['train[:2%] + validation[50%:]', imagenet, [['train', 0, 1000], ['validation', 500, 1000]]],
    ['train[1_000:2_000]', imagenet, [['train', 1000, 2000]]],
    // Halves round to even, as Python's round().
    ['train[:25%]', { train: one(10) }, [['train', 0, 2]]],
    ['train[:35%]', { train: one(10) }, [['train', 0, 4]]],
    ['train[15%:45%]', { train: one(10) }, [['train', 2, 4]]],
    ['train[:50%]', { train: one(1001) }, [['train', 0, 500]]],
    ['train[50%:]', { train: one(1003) }, [['train', 502, 1003]]],
    ['train[:33.3%]', { train: one(1000) }, [['train', 0, 333]]],
    ['train[:-5%]', { train: one(100) }, [['train', 0, 95]]],
    ['train[-1%:]', { train: one(250) }, [['train', 248, 250]]],
    ['train[:2shard]', { train: { shardLengths: [3, 3, 4] } }, [['train', 0, 6]]],
    ['train[1shard]', { train: { shardLengths: [3, 3, 4] } }, [['train', 3, 6]]],
    ['train[-1shard:]', { train: { shardLengths: [3, 3, 4] } }, [['train', 6, 10]]],
    ['train[60:40]', { train: one(100) }, [['train', 60, 60]]],
    ['all', { train: one(5), test: one(2) }, [['train', 0, 5], ['test', 0, 2]]],
  ];
  for (const [spec, splits, expected] of cases) {
    it(`resolves ${spec}`, () => {
      assert.deepEqual(resolveSplit(spec, splits).map((a) => [a.split, a.from, a.to]), expected);
    });
  }

  const bad: [string, RegExp][] = [
    ['train[:101%]', /percent boundaries must lie in \[-100, 100\]/],
    ['train[5]', /need slice syntax/],
    ['training', /unknown split 'training'; the dataset has 'train', 'validation'/],
    ['train[:60000]', /does not fit the 50000 examples of 'train'/],
    ['train[1.5:]', /'1.5' is not an integer/],
    ['all[:5]', /'all' does not support slicing/],
    ['train[::2]', /unrecognized split format/],
    [' train', /unrecognized split format/],
  ];
  for (const [spec, message] of bad) {
    it(`rejects ${JSON.stringify(spec)}`, () => assert.throws(() => resolveSplit(spec, imagenet), message));
  }

  // [spec, the characters at fault]: what an editor underlines.
  const located: [string, string][] = [
    ['train[:abc]', 'abc'],
    ['train[:10%]+test[5]', '5'],
    ['train[:101%]', '101%'],
    ['train[1.5:]', '1.5'],
    ['train+trainn', 'trainn'],
    ['train[:60000]', ':60000'],
    ['all[:5]', '[:5]'],
    ['train[::2]', '::2'],
    ['train+', '+'],
    ['train[:]', ':'],
  ];
  for (const [spec, fault] of located) {
    it(`places the error of ${spec} at '${fault}'`, () => {
      try {
        resolveSplit(spec, imagenet);
        assert.fail('accepted');
      } catch (err) {
        assert.ok(err instanceof SplitError, String(err));
        assert.equal(spec.slice(err.start, err.end), fault);
      }
    });
  }

  it('checks the grammar without a dataset, with each term where it is written', () => {
    assert.deepEqual(parseSplit('train[:10%] + test[2shard]+all').map((t) => [t.split, t.from, t.to, t.unit, t.start, t.nameEnd, t.end]), [
      ['train', null, 10, '%', 0, 5, 11],
      ['test', 2, 3, 'shard', 14, 18, 26],
      ['all', null, null, 'abs', 27, 30, 30],
    ]);
    assert.throws(() => parseSplit('train[:abc]'), /'abc' in 'train\[:abc\]' is not a slice boundary \(an integer such as 10/);
    assert.doesNotThrow(() => parseSplit('trian'), 'names need the dataset');
  });

  it('counts examples of a sliced union', () => {
    assert.equal(splitSize('train[:98%]', imagenet), 49000);
    assert.equal(splitSize('train[:2%]+validation', imagenet), 2000);
  });

  it('reads only the shards a slice touches', () => {
    const splits = { train: { shardLengths: [3, 3, 4] }, test: { shardLengths: [2, 0, 2] } };
    assert.deepEqual(fileInstructions(resolveSplit('train[2:8]', splits), splits), [
      { split: 'train', shard: 0, skip: 2, take: 1 },
      { split: 'train', shard: 1, skip: 0, take: 3 },
      { split: 'train', shard: 2, skip: 0, take: 2 },
    ]);
    assert.deepEqual(fileInstructions(resolveSplit('train[:3]+test[1:]', splits), splits), [
      { split: 'train', shard: 0, skip: 0, take: 3 },
      { split: 'test', shard: 0, skip: 1, take: 1 },
      { split: 'test', shard: 2, skip: 0, take: 2 },
    ]);
  });

  it('rounds like Python', () => {
    assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 2.5001].map(pyRound), [0, 2, 2, 0, -2, 2, 3]);
  });
});
