import assert from 'node:assert/strict';
import { ConfigKeyError } from '../semantics/configKeyError';
import { durationSteps } from './steps';

describe('train/steps', () => {
  const inputs = { dataSize: 1000, batchSize: 64, totalSteps: 300 };

  it('resolves each of the four units through the shared resolver', () => {
    assert.equal(durationSteps({ total_steps: 300 }, 'total', inputs), 300);
    assert.equal(durationSteps({ total_steps: 0 }, 'total', inputs), 0);
    assert.equal(durationSteps({ log_training_examples: 640 }, 'log_training', inputs), 10);
    assert.equal(durationSteps({ total_epochs: 2 }, 'total', inputs), 31, '2 * 1000 / 64 = 31.25');
    assert.equal(durationSteps({ ckpt_percent: 0.1 }, 'ckpt', inputs), 30);
    assert.equal(durationSteps({ log_examples: 160 }, 'log', inputs), 2, "160/64 = 2.5 rounds to even, like Python's round");
    assert.equal(durationSteps({ log_epochs: 0.0001 }, 'log', inputs), 1, 'at least one step unless 0');
  });

  it('returns the fallback when unset and ignores None/negative spellings', () => {
    assert.equal(durationSteps({ ckpt_steps: null, ckpt_epochs: -1 }, 'ckpt', inputs, { fallback: null }), null);
    assert.equal(durationSteps({ ckpt_steps: null, ckpt_epochs: 1 }, 'ckpt', inputs), 16);
  });

  it('names the keys of missing, duplicate and unconvertible durations', () => {
    assert.throws(() => durationSteps({}, 'total', inputs), /config\.total_steps: is required \(or total_epochs, total_examples, total_percent\)/);
    assert.throws(() => durationSteps({ log_steps: 5, log_epochs: 1 }, 'log', inputs, { where: ['evals', 'val'] }), (e: ConfigKeyError) => e.key === 'config.evals.val.log_epochs' && /only one of log_steps, log_epochs/.test(e.message));
    assert.throws(() => durationSteps({ ckpt_percent: 2 }, 'ckpt', inputs), /config\.ckpt_percent: 2 cannot be converted/);
    assert.throws(() => durationSteps({ total_epochs: 1 }, 'total', { batchSize: 8 }), /config\.total_epochs: 1 .*training set size/);
  });
});
