import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { JsonValue } from '../config/protocol';
import { durationKeysPresent } from '../registry';
import { durationInputs, resolveDuration, trainingDataSize } from './durations';
import { TFDS_FIXTURES } from '../check/testHelpers';

describe('check: durations', () => {
  const INPUTS = { dataSize: 1000, batchSize: 100, totalSteps: 50 };
  const CASES: readonly [Record<string, JsonValue>, string, number | undefined, string?][] = [
    [{ warmup_steps: 7 }, 'warmup', 7],
    [{ warmup_examples: 250 }, 'warmup', 2, '2.5 steps rounds to even'],
    [{ warmup_epochs: 0.01 }, 'warmup', 1, 'at least 1 step unless exactly 0'],
    [{ warmup_epochs: 0 }, 'warmup', 0],
    [{ warmup_epochs: 3 }, 'warmup', 30],
    [{ warmup_percent: 0.1 }, 'warmup', 5],
    [{ warmup_percent: 2 }, 'warmup', undefined, 'a percent above 1 asserts upstream'],
    [{ warmup_steps: -1, warmup_epochs: 1 }, 'warmup', 10, 'negative values do not count'],
    [{ timescale: 300 }, 'timescale', 300, 'bare key, in steps'],
    [{ timescale: 300, timescale_epochs: 1 }, 'timescale', 10, 'the suffixed key wins over the bare default'],
    [{}, 'warmup', undefined],
  ];
  for (const [scope, family, steps, why] of CASES) {
    it(`${JSON.stringify(scope)} → ${family} = ${steps}${why ? ` (${why})` : ''}`, () => {
      assert.equal(resolveDuration(scope, family, INPUTS)?.steps, steps);
    });
  }

  it('names what is missing to convert', () => {
    assert.match(resolveDuration({ warmup_epochs: 1 }, 'warmup', { batchSize: 10 })?.missing ?? '', /training set size/);
    assert.match(resolveDuration({ warmup_examples: 1 }, 'warmup', {})?.missing ?? '', /batch size/);
    assert.equal(resolveDuration({ total_percent: 0.5 }, 'total', INPUTS)?.missing, 'one of total_steps, total_epochs, total_examples instead of total_percent');
  });

  it('lists the spellings upstream counts', () => {
    assert.deepEqual(durationKeysPresent({ total_steps: 1, total_epochs: null, total_examples: -1, total_percent: 0 }, 'total'), ['total_steps', 'total_percent']);
  });

  it('resolves total steps from epochs with the dataset size, for single sources and mixtures', () => {
    const single = { total_epochs: 2, input: { batch_size: 100, data: { name: 'mnist', split: 'train' } } };
    assert.deepEqual(durationInputs(single, TFDS_FIXTURES), {
      batchSize: 100, dataSize: 6000, dataSource: path.join(TFDS_FIXTURES, 'mnist', '3.0.1', 'dataset_info.json'), totalSteps: 120,
    });
    const mixture = { input: { data: { a: 1, b: 0, c: 2 }, a: { data: { name: 'mnist', split: 'test' } }, c: { data: { name: 'mnist', split: 'train[:1%]' } } } };
    assert.equal(trainingDataSize(mixture, TFDS_FIXTURES)?.examples, 1060, 'weight-0 sources are dropped');
  });
});
