import assert from 'node:assert/strict';
import { diffConfigs, flattenConfig } from './configDiff';

describe('metrics panel: config comparison', () => {
  it('flattens nested configs to dotted keys, brackets for keys holding a dot, lists whole', () => {
    const flat = flattenConfig({ lr: 0.001, model: { variant: 'S/16', pool: 'gap' }, evals: { 'val.x': { steps: 100 } }, schedule: [{ a: 1 }], empty: {}, none: null });
    assert.deepEqual(Object.fromEntries(flat), {
      lr: '0.001',
      'model.variant': '"S/16"',
      'model.pool': '"gap"',
      'evals["val.x"].steps': '100',
      schedule: '[{"a":1}]',
      empty: '{}',
      none: 'null',
    });
  });

  it('keeps only the keys that differ, marks a key one run lacks, and lists unreadable configs', () => {
    const compare = diffConfigs([
      { run: '/r/a', config: { lr: 0.001, batch_size: 512, model: { variant: 'S/16', depth: 12 } } },
      { run: '/r/b', config: { lr: 0.003, batch_size: 512, model: { variant: 'S/16' }, mixup: { p: 0.2 } } },
      { run: '/r/c', error: 'no config.json in this workdir' },
    ]);
    assert.deepEqual(compare.runs, ['/r/a', '/r/b']);
    assert.deepEqual(compare.rows, [
      { key: 'lr', values: ['0.001', '0.003'] },
      { key: 'mixup.p', values: [null, '0.2'] },
      { key: 'model.depth', values: ['12', null] },
    ]);
    assert.deepEqual(compare.errors, [{ run: '/r/c', message: 'no config.json in this workdir' }]);
  });

  it('finds nothing to show for identical configs', () => {
    assert.deepEqual(diffConfigs([{ run: 'a', config: { x: { y: 1 } } }, { run: 'b', config: { x: { y: 1 } } }]).rows, []);
  });
});
