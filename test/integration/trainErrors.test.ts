/**
 * The trainer's behaviour on bad input and interruption, run in-process on the tiny dataset: errors name the
 * config key (and for a missing dataset the folders searched and `bv data prepare`), a non-finite loss stops
 * with the step range and leaves the last good checkpoint, and a stop request finishes the step and checkpoints.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastCheckpoint, loadCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import { parseMetricsFile } from '../../runtime/src/metrics/contract';
import { ConfigKeyError, train } from '../../runtime/src/train';
import { tinyConfig, writeTinyTfds } from './trainFixture';

describe('bv train: bad input, NaN, stop (integration)', function () {
  this.timeout(120_000);
  let dir: string;
  let data: string;
  const run = (over: Record<string, unknown>, workdir?: string, stop?: { requested: string | undefined }) =>
    train({ config: tinyConfig(data, over), workdir, backend: 'wasm', stop });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-train-err-'));
    data = path.join(dir, 'data');
    await writeTinyTfds(data, 48, 16);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing dataset names the folder searched, the key and bv data prepare', async () => {
    const err = await run({ input: { data: { name: 'mnist', split: 'train', data_dir: path.join(dir, 'nowhere') }, batch_size: 8, pp: 'decode' } }).catch((e: Error) => e);
    assert.ok(err instanceof ConfigKeyError, String(err));
    assert.equal(err.key, 'config.input.data.name');
    assert.match(err.message, new RegExp(`${path.join(dir, 'nowhere', 'mnist').replace(/[/\\]/g, '.')}.*bv data prepare mnist`));
  });

  it('an unknown pp op, model or loss names its config key', async () => {
    const pp = await run({ input: { data: { name: 'tiny', split: 'train', data_dir: data }, batch_size: 8, pp: 'decode|resise(16)' } }).catch((e: Error) => e);
    assert.ok(pp instanceof ConfigKeyError && pp.key === 'config.input.pp' && /Unknown pp op 'resise'.*Did you mean 'resize'/.test(pp.message), String(pp));
    const model = await run({ model_name: 'vitt' }).catch((e: Error) => e);
    assert.ok(model instanceof ConfigKeyError && model.key === 'config.model_name' && /unknown model 'vitt'.*'vit'/.test(model.message), String(model));
    const kw = await run({ model: { widht: 16 } }).catch((e: Error) => e);
    assert.ok(kw instanceof ConfigKeyError && kw.key === 'config.model.widht', String(kw));
    const evalType = await run({ evals: { val: { type: 'mean' } } }).catch((e: Error) => e);
    assert.ok(evalType instanceof ConfigKeyError && evalType.key === 'config.evals.val.type', String(evalType));
  });

  it('a diverging run stops naming the step range and keeps the last good checkpoint', async () => {
    const workdir = path.join(dir, 'nan');
    const err = await run({ lr: 1e15, schedule: {}, grad_clip_norm: null, total_steps: 8, ckpt_steps: 1, log_training_steps: 4 }, workdir).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    const m = /became nan or inf somewhere within steps \[(\d+), (\d+)\]/.exec(err.message);
    assert.ok(m, err.message);
    const bad = Number(m[2]);
    assert.equal(Number(m[1]), bad - 1, 'the loss is checked every step, so the range is one step');
    const last = lastCheckpoint(path.join(workdir, 'checkpoint.bv'));
    assert.equal(parseInt(last ?? '', 10), bad - 1, 'the checkpoint of the last finite step is the one referenced');
    const params = loadCheckpoint(path.join(workdir, 'checkpoint.bv'), 'params/');
    for (const [name, leaf] of params) assert.ok([...leaf.data].every((v) => Number.isFinite(Number(v))), `${name} finite`);
    assert.match(err.message, /last good checkpoint/);
  });

  it('a stop request finishes the step, writes a checkpoint, and a rerun resumes', async () => {
    const workdir = path.join(dir, 'stop');
    const stop = { requested: undefined as string | undefined };
    const first = await train({ config: tinyConfig(data, { ckpt_steps: 100, total_steps: 6 }), workdir, backend: 'wasm', stop, progress: { note: () => undefined, metric: () => undefined, update: (p) => p.step === 3 && (stop.requested = 'SIGINT'), evaluating: () => undefined, evaluated: () => undefined, done: () => undefined } });
    assert.equal(first.stoppedBy, 'SIGINT');
    assert.equal(first.step, 3);
    assert.equal(lastCheckpoint(path.join(workdir, 'checkpoint.bv')), '000000003-tmp');
    const second = await run({ ckpt_steps: 100, total_steps: 6 }, workdir);
    assert.equal(second.stoppedBy, undefined);
    const steps = parseMetricsFile(fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8')).filter((r) => r.training_loss !== undefined).map((r) => r.step);
    assert.deepEqual(steps, [1, 2, 4, 5, 6], 'log every 2 steps, plus the chrono warm-up: 1-2, then 4-5 after the restart at 3');
  });
});
