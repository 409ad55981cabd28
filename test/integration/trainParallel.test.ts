/**
 * `bv train --workers N` (integration, the real CLI on the tiny generated dataset): the data-parallel run trains
 * the same model as the single-thread run, resumes exactly after SIGKILL, and a worker thread that dies mid-run
 * stops the run with one error and a loadable last checkpoint.
 *
 * Tolerance of N=1 vs N=2: the only difference is the order of the float32 additions in the gradient mean (one mean
 * over 8 examples, or two means over 4 then their weighted sum in float64 rounded once). That perturbs each
 * gradient by a few ulps (~1e-7 relative); Adam's normalised updates keep such perturbations at the same relative
 * size through 20 steps of this tiny model (measured: the losses differ by at most 1 ulp, 1.2e-7). 1e-5 leaves a
 * 100x margin while any real error in the split or the average (a wrong weight, a stale or missing shard) moves
 * the loss by 1e-3 or more within a few steps.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkpointBase, lastCheckpoint, loadCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import { parseMetricsFile, type MetricsRecord } from '../../runtime/src/metrics/contract';
import { TEST_WORKER_EXIT_ENV } from '../../runtime/src/train/parallel/protocol';
import { bvProcess, finished, tinyConfigSource, writeTinyTfds } from './trainFixture';

const TOLERANCE = 1e-5;

const training = (workdir: string): MetricsRecord[] =>
  parseMetricsFile(fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8')).filter((r) => r.training_loss !== undefined);

/** Resolves once `<workdir>/checkpoint.bv-LAST` names a checkpoint of step >= `minStep` (fs events, no polling). */
function lastPointerReaches(workdir: string, minStep: number): { promise: Promise<string>; close: () => void } {
  let watcher: fs.FSWatcher | undefined;
  const promise = new Promise<string>((resolve) => {
    const check = () => {
      let text = '';
      try {
        text = fs.readFileSync(path.join(workdir, 'checkpoint.bv-LAST'), 'utf8').trim();
      } catch {
        return;
      }
      if (text && parseInt(text, 10) >= minStep) resolve(text);
    };
    watcher = fs.watch(workdir, check);
    check();
  });
  return { promise, close: () => watcher?.close() };
}

describe('bv train --workers (integration)', function () {
  this.timeout(300_000);
  let dir: string;
  let config: string;
  const run = (workdir: string, workers: number, env: Record<string, string> = {}) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return bvProcess(['train', '--config', config, '--workdir', workdir, '--backend', 'wasm', '--workers', String(workers)]);
    } finally {
      for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    }
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-parallel-'));
    await writeTinyTfds(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'tiny.py'), tinyConfigSource());
    config = `${path.join(dir, 'tiny.py')}:data_dir=${path.join(dir, 'data')},steps=20,ckpt=4,eval=10,cache=1`;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('2 workers train as 1 over 20 steps, to float reassociation of the gradient mean', async () => {
    const one = await finished(run(path.join(dir, 'one'), 1));
    assert.equal(one.code, 0, one.stderr);
    assert.doesNotMatch(one.stderr, /data-parallel workers/);
    const two = await finished(run(path.join(dir, 'two'), 2));
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stderr, /Starting 2 data-parallel workers \(4 examples each per step\)/);
    const a = training(path.join(dir, 'one'));
    const b = training(path.join(dir, 'two'));
    assert.deepEqual(b.map((r) => r.step), a.map((r) => r.step));
    assert.equal(a.length, 20);
    a.forEach((r, i) => {
      for (const k of ['training_loss', 'l2_grads', 'l2_params'] as const) {
        const x = r[k] as number;
        const y = b[i][k] as number;
        assert.ok(Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.abs(x)), `step ${r.step}: ${k} ${y} with 2 workers, ${x} with 1`);
      }
    });
    assert.ok((a[19].training_loss as number) < (a[0].training_loss as number) - 0.01, 'the model learned something (the comparison is not of constants)');
  });

  it('a run of 2 workers killed with SIGKILL resumes as if uninterrupted', async () => {
    const reference = new Map(training(path.join(dir, 'two')).map((r) => [r.step, r]));
    const killed = path.join(dir, 'killed');
    fs.mkdirSync(killed);
    const watch = lastPointerReaches(killed, 8);
    const child = run(killed, 2);
    const exited = finished(child);
    const pointer = await Promise.race([watch.promise, exited.then((r) => assert.fail(`run ended before checkpoint 8: ${r.stderr}`))]);
    child.kill('SIGKILL');
    watch.close();
    assert.equal((await exited).signal, 'SIGKILL');
    const resumeStep = parseInt(pointer, 10);
    const before = fs.readFileSync(path.join(killed, 'big_vision_metrics.txt'), 'utf8').length;
    const again = await finished(run(killed, 2));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /Resuming training from checkpoint/);
    const after = parseMetricsFile(fs.readFileSync(path.join(killed, 'big_vision_metrics.txt'), 'utf8').slice(before)).filter((r) => r.training_loss !== undefined);
    assert.deepEqual(after.map((r) => r.step), [...reference.keys()].filter((s) => s > resumeStep));
    for (const r of after) {
      const ref = reference.get(r.step) as MetricsRecord;
      assert.equal(r.training_loss, ref.training_loss, `step ${r.step}: loss`);
      assert.equal(r.l2_params, ref.l2_params, `step ${r.step}: l2_params`);
    }
  });

  it('a worker thread that dies mid-run stops the run with one error and a loadable last checkpoint', async () => {
    const workdir = path.join(dir, 'crash');
    const r = await finished(run(workdir, 2, { [TEST_WORKER_EXIT_ENV]: '1@7' }));
    assert.equal(r.code, 1, r.stderr);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('bv train:'));
    assert.equal(errors.length, 1, r.stderr);
    const base = checkpointBase(workdir);
    assert.match(errors[0], /training worker 1 of 2 exited with code 70 during step 7; the run stopped\. The last complete checkpoint, .*-000000004(-tmp)?, is kept; a restart resumes from it\./);
    assert.match(lastCheckpoint(base) ?? '', /^000000004\b/);
    const tree = loadCheckpoint(base);
    assert.ok([...tree.keys()].some((k) => k.startsWith('params/')), 'the checkpoint holds the params');
    assert.deepEqual(training(workdir).map((m) => m.step), [1, 2, 3, 4, 5, 6], 'the failing step logged nothing');
    const resumed = await finished(run(workdir, 2));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /Starting training loop at step 5/);
  });
});
