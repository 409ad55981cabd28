import assert from 'node:assert/strict';
import type { RunSummary } from '../../../runtime/src/runs/summary';
import { commandHint, newRunName, parseOverrides } from './runInputs';
import { formatDuration, headlineMetrics, runDescription, runGroup, runTooltip, statusBarText } from './runPresentation';

const run = (over: Partial<RunSummary>): RunSummary => ({
  workdir: '/w/runs/a', name: 'a', status: 'running', reason: 'process 1 is running', engine: 'tfjs', config: '/w/c.py', arg: 'steps=300',
  overrides: ['lr=0.01'], labels: { res: 224 }, step: 150, total_steps: 300, started: '2026-01-01T00:00:00.000Z', ended: null, eta_seconds: 62,
  last: { training_loss: 0.23456, 'test/prec@1': 0.9512, 'z/secs/update0': 3 }, problems: [], ...over,
});

describe('runs/runPresentation and runs/runInputs', () => {
  it('describes a run in one line: status, progress, headline metrics, duration, ETA', () => {
    const now = Date.parse('2026-01-01T00:02:05.000Z');
    assert.equal(runDescription(run({}), now), 'running · 150/300 (50%) · loss 0.2346 · test/prec@1 0.9512 · 2m05s · ETA 1m02s');
    assert.equal(runDescription(run({ status: 'unknown', step: 7, total_steps: null, started: null, last: {} }), now), 'unknown · step 7');
    assert.equal(statusBarText(run({})), '$(sync~spin) a 150/300 · ETA 1m02s');
    assert.deepEqual(headlineMetrics({ training_loss: 1, 'val/loss': 2 }), [['training_loss', 1], ['val/loss', 2]]);
    assert.equal(formatDuration(3725), '1h02m');
  });

  it('puts config, arg, overrides, labels, reason and the error tail in the tooltip', () => {
    const t = runTooltip(run({ status: 'failed', reason: 'ended with exit code 1', error: ['Traceback', 'ValueError: bad split'] }));
    for (const want of ['**a** — failed: ended with exit code 1', '`/w/c.py:steps=300`', '`--config.lr=0.01`', '`res=224`', 'ValueError: bad split']) assert.ok(t.includes(want), want);
    assert.ok(!t.includes('z/secs'), 'timings are left out of the tooltip');
    assert.ok(!t.includes("trainers' workdir"));
    assert.ok(runTooltip(run({ remote_workdir: 'gs://bkt/runs/a' })).includes("trainers' workdir: `gs://bkt/runs/a` (checkpoints there; metrics tailed here)"));
  });

  it('groups sweep runs under their folder, not runs directly in a root', () => {
    assert.equal(runGroup('/w/runs/a', ['/w/runs']), undefined);
    assert.equal(runGroup('/w/runs/sweep/lr=0.1', ['/w/runs']), '/w/runs/sweep');
    assert.equal(runGroup('/x/added', ['/w/runs', '/x/added']), undefined);
  });

  it('reads what the COMMAND comment suggests: arg, overrides, engine, trainer', () => {
    const bundled = '# Demo.\n# COMMAND: bv train --config configs/mnist_vit.py:steps=300 --workdir /tmp/m --config.lr=0.1\nimport x\n';
    assert.deepEqual(commandHint(bundled), { text: 'bv train --config configs/mnist_vit.py:steps=300 --workdir /tmp/m --config.lr=0.1', arg: 'steps=300', overrides: ['lr=0.1'], engine: 'tfjs' });
    const distill = '# COMMAND: python -m big_vision.trainers.proj.distill.distill --config big_vision/configs/proj/distill/bit_i1k.py --workdir gs://b/x\n';
    assert.deepEqual(commandHint(distill), { text: distill.slice(11).trim(), overrides: [], engine: 'big_vision', trainer: 'big_vision.trainers.proj.distill.distill' });
    assert.equal(commandHint('import x\n'), undefined);
    assert.equal(commandHint('# COMMAND: make it so\n'), undefined);
  });

  it('parses overrides as typed, and refuses a piece without =', () => {
    assert.deepEqual(parseOverrides(' lr=0.001  --config.model.depth=12 evals["val x"].log_steps=5 schedule=[(0.1, 1), (0.2, 2)] '), [
      'lr=0.001', 'model.depth=12', 'evals["val x"].log_steps=5', 'schedule=[(0.1, 1), (0.2, 2)]',
    ]);
    assert.deepEqual(parseOverrides(''), []);
    assert.throws(() => parseOverrides('lr 0.1'), /'lr' is not an override: write key=value/);
  });

  it('names new runs after the config, the arg and the time', () => {
    const at = new Date(2026, 11, 3, 9, 5, 7);
    assert.equal(newRunName('/w/configs/mnist_vit.py', 'steps=40,batch_size=32', at), 'mnist_vit-steps=40_batch_size=32-20261203-090507');
    assert.equal(newRunName('/w/configs/vit_i1k.py', 'variant=B/16', at), 'vit_i1k-variant=B_16-20261203-090507');
    assert.equal(newRunName('/w/c.py', undefined, at), 'c-20261203-090507');
  });
});
