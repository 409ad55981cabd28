/**
 * Issue 4 acceptance, resume: a run killed with SIGKILL right after a checkpoint and restarted in the same workdir
 * writes the same metrics after the restart as an uninterrupted run (same steps, loss within 1e-5). Runs the real
 * `bv train` (config engine, TFDS reader, pp ops, ViT, optimizer, checkpoints) on a tiny generated dataset.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMetricsFile, type MetricsRecord } from '../../runtime/src/metrics/contract';
import { bvProcess as bvTrain, finished, tinyConfigSource, writeTinyTfds } from './trainFixture';

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

const training = (recs: MetricsRecord[]) => recs.filter((r) => r.training_loss !== undefined);

describe('bv train: resume after SIGKILL (integration)', function () {
  this.timeout(240_000);
  let dir: string;
  let config: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-resume-'));
    await writeTinyTfds(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'tiny.py'), tinyConfigSource());
    config = `${path.join(dir, 'tiny.py')}:data_dir=${path.join(dir, 'data')},steps=16,ckpt=4,eval=8`;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('restarted run matches the uninterrupted run step for step', async () => {
    const full = path.join(dir, 'full');
    const r1 = await finished(bvTrain(['train', '--config', config, '--workdir', full, '--backend', 'wasm']));
    assert.equal(r1.code, 0, r1.stderr);
    const reference = new Map(training(parseMetricsFile(fs.readFileSync(path.join(full, 'big_vision_metrics.txt'), 'utf8'))).map((r) => [r.step, r]));
    assert.equal(reference.size, 16, 'every step logged');

    const killed = path.join(dir, 'killed');
    fs.mkdirSync(killed);
    const watch = lastPointerReaches(killed, 8);
    const child = bvTrain(['train', '--config', config, '--workdir', killed, '--backend', 'wasm']);
    const exited = finished(child);
    const pointer = await Promise.race([watch.promise, exited.then((r) => assert.fail(`run ended before checkpoint 8: ${r.stderr}`))]);
    child.kill('SIGKILL');
    watch.close();
    const k = await exited;
    assert.equal(k.signal, 'SIGKILL');
    const resumeStep = parseInt(pointer, 10);
    const metricsFile = path.join(killed, 'big_vision_metrics.txt');
    const before = fs.readFileSync(metricsFile, 'utf8').length;

    const r2 = await finished(bvTrain(['train', '--config', config, '--workdir', killed, '--backend', 'wasm']));
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stderr, new RegExp(`Resuming training from checkpoint`));
    const after = training(parseMetricsFile(fs.readFileSync(metricsFile, 'utf8').slice(before)));
    assert.deepEqual(after.map((r) => r.step), [...reference.keys()].filter((s) => s > resumeStep), 'same step values after the restart');
    for (const r of after) {
      const ref = reference.get(r.step) as MetricsRecord;
      assert.ok(Math.abs((r.training_loss as number) - (ref.training_loss as number)) <= 1e-5, `step ${r.step}: loss ${r.training_loss} vs ${ref.training_loss}`);
      assert.ok(Math.abs((r.l2_params as number) - (ref.l2_params as number)) <= 1e-4, `step ${r.step}: l2_params ${r.l2_params} vs ${ref.l2_params}`);
      assert.equal(r.examples_seen, ref.examples_seen, `step ${r.step}: examples_seen`);
    }
    const evalOf = (recs: MetricsRecord[]) => recs.find((r) => r.step === 16 && r['test/prec@1'] !== undefined);
    const refEval = evalOf([...reference.values()]);
    const gotEval = evalOf(after);
    assert.ok(refEval && gotEval, 'final eval written in both runs');
    assert.ok(Math.abs((gotEval['test/loss'] as number) - (refEval['test/loss'] as number)) <= 1e-5);
  });

  it('SIGTERM finishes the step, writes a checkpoint of it and exits 0', async () => {
    const workdir = path.join(dir, 'term');
    fs.mkdirSync(workdir);
    const watch = lastPointerReaches(workdir, 1);
    const child = bvTrain(['train', '--config', config.replace('ckpt=4', 'ckpt=1000').replace('steps=16', 'steps=400'), '--workdir', workdir, '--backend', 'wasm']);
    const exited = finished(child);
    await watch.promise; // step 1 always checkpoints when ckpt_* is set
    watch.close();
    child.kill('SIGTERM');
    const r = await exited;
    assert.equal(r.code, 0, r.stderr);
    const m = /Stopped by SIGTERM after step (\d+); checkpoint (\S+)\./.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.equal(fs.readFileSync(path.join(workdir, 'checkpoint.bv-LAST'), 'utf8'), `${m[1].padStart(9, '0')}-tmp`);
    assert.ok(fs.existsSync(m[2]));
  });
});
