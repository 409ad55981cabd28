import assert from 'node:assert/strict';
import { spanOfKey } from '../cli/train';
import { ConfigKeyError, blameKeySync, toConfigKeyError } from './errors';

describe('train/errors', () => {
  it('blames the key a message starts with, else the given one', () => {
    const own = toConfigKeyError('config.optax_name', new Error('config.schedule.warmup_steps=500: must be shorter than training'));
    assert.equal(own.key, 'config.schedule.warmup_steps');
    assert.equal(own.message, 'config.schedule.warmup_steps=500: must be shorter than training', 'kept as written');
    const plain = toConfigKeyError('config.input.pp', new Error("Unknown pp op 'x'"));
    assert.deepEqual([plain.key, plain.message], ['config.input.pp', "config.input.pp: Unknown pp op 'x'"]);
    const kept = new ConfigKeyError('config.lr', 'bad');
    assert.equal(toConfigKeyError('config.other', kept), kept);
    assert.throws(() => blameKeySync('config.model', () => { throw new Error('config.model.widht is not a parameter'); }), (e: ConfigKeyError) => e.key === 'config.model.widht');
  });

  it('finds the span of a key, or of its closest recorded parent', () => {
    const span = (line: number) => ({ file: 'c.py', line, col: 2, endLine: line, endCol: 9 });
    const spans: Array<[(string | number)[], ReturnType<typeof span>]> = [[['input'], span(3)], [['input', 'pp'], span(5)], [['evals', 'val'], span(9)]];
    assert.equal(spanOfKey(spans, 'config.input.pp')?.line, 5);
    assert.equal(spanOfKey(spans, 'config.input.data.name')?.line, 3);
    assert.equal(spanOfKey(spans, 'config.evals.val.log_steps')?.line, 9);
    assert.equal(spanOfKey(spans, 'config.model_name'), undefined);
  });
});
