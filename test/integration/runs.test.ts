/**
 * Runs as users make them, with real processes: the editor's launcher (`LocalRunner` → `bv run` → `bv train`) on a
 * tiny generated dataset, a `bv train` killed with SIGKILL, a run that fails, an upstream-style workdir, a run
 * stopped and resumed; each status is derived from what those processes left, and `bv runs list --json` is read
 * through the real CLI. Needs the build (`npm test` builds first).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import { bundledCli } from '../../runtime/src/runs/engines';
import { readRecord, RUN_LOG_FILE } from '../../runtime/src/runs/record';
import { LocalRunner } from '../../runtime/src/runs/runner';
import { summarizeRun, type RunSummary } from '../../runtime/src/runs/summary';
import { tinyConfigSource, writeTinyTfds } from './trainFixture';

const ROOT = path.resolve(__dirname, '..', '..');
const BV = path.join(ROOT, 'bin', 'bv.js');
/** Debian's Python: any Python 3 runs the stand-in trainer. */
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Resolves once the run in `workdir` (made by the run, below an existing folder) has logged `steps` training
 * steps. The workdir may be made more than once (bv train checks it can make it, then makes it once its data is
 * open), so the watch on it is renewed at every change in its parent. */
function whenLogged(workdir: string, steps: number): Promise<void> {
  return new Promise((resolve) => {
    let inner: fs.FSWatcher | undefined;
    let done = false;
    const check = () => {
      if (done || metricsSteps(workdir) < steps) return;
      done = true;
      outer.close();
      inner?.close();
      resolve();
    };
    const rewatch = () => {
      inner?.close();
      try {
        inner = fs.watch(workdir, check);
      } catch {
        inner = undefined; // not there (yet, or any more): the parent's next change renews it
      }
    };
    const outer = fs.watch(path.dirname(workdir), () => {
      rewatch();
      check();
    });
    rewatch();
    check();
  });
}

function metricsSteps(workdir: string): number {
  try {
    return fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8').split('\n').filter((l) => /"training_loss"/.test(l)).length;
  } catch {
    return 0;
  }
}

function listJson(dir: string): RunSummary[] {
  const r = spawnSync(process.execPath, [BV, 'runs', 'list', dir, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunSummary);
}

describe('runs: status of real runs (integration)', function () {
  this.timeout(240_000);
  let dir: string;
  let runs: string;
  let config: (extra: string) => string;
  const runner = new LocalRunner(bundledCli());

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-runs-'));
    runs = path.join(dir, 'runs');
    fs.mkdirSync(runs);
    await writeTinyTfds(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'tiny.py'), tinyConfigSource());
    config = (extra) => `data_dir=${path.join(dir, 'data')},${extra}`;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a run started by the launcher streams its output, is running while it trains, and ends finished', async () => {
    const workdir = path.join(runs, 'done');
    const handle = await runner.start({ engine: 'tfjs', config: path.join(dir, 'tiny.py'), arg: config('steps=8,ckpt=4,eval=8'), overrides: ['lr=0.002'], workdir });
    let output = '';
    handle.onOutput((text) => (output += text));
    await whenLogged(workdir, 1);
    const during = summarizeRun(workdir);
    // The run may finish between the two reads on a fast machine; what it can never be is failed or unknown.
    assert.ok(['running', 'finished'].includes(during.status), during.reason);
    const outcome = await handle.exited;
    assert.equal(outcome.code, 0, output);
    assert.match(output, /step 8\/8/);
    const s = summarizeRun(workdir);
    assert.equal(s.status, 'finished', s.reason);
    assert.equal(s.engine, 'tfjs');
    assert.deepEqual([s.step, s.total_steps], [8, 8]);
    assert.deepEqual(s.overrides, ['lr=0.002']);
    assert.ok(s.last['test/prec@1'] !== undefined && s.last.training_loss !== undefined);
    assert.match(fs.readFileSync(path.join(workdir, RUN_LOG_FILE), 'utf8'), /step 8\/8[\s\S]*ended: exit code 0/);
    const record = readRecord(workdir);
    assert.ok(record?.childPid && record.pid === handle.pid);
  });

  it('a bv train killed with SIGKILL is interrupted: its process is gone without an end record', async () => {
    const workdir = path.join(runs, 'killed');
    const child = spawn(process.execPath, [BV, 'train', '--config', `${path.join(dir, 'tiny.py')}:${config('steps=400,ckpt=2')}`, '--workdir', workdir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const ended = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`bv train ended early (exit ${code}): ${stderr}`))));
    await Promise.race([whenLogged(workdir, 2), ended]);
    assert.equal(summarizeRun(workdir).status, 'running');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const s = summarizeRun(workdir);
    assert.equal(s.status, 'interrupted', s.reason);
    assert.match(s.reason, /gone without an end record/);
    assert.ok((s.step ?? 0) >= 2);
  });

  it('a run whose dataset is missing is failed, with the error in its last lines', async () => {
    const workdir = path.join(runs, 'failed');
    const handle = await runner.start({ engine: 'tfjs', config: path.join(dir, 'tiny.py'), arg: `data_dir=${path.join(dir, 'nodata')},steps=4`, overrides: [], workdir });
    const outcome = await handle.exited;
    assert.notEqual(outcome.code, 0);
    const s = summarizeRun(workdir);
    assert.equal(s.status, 'failed', s.reason);
    assert.ok(s.error?.some((l) => /tiny/.test(l) && /nodata/.test(l)), JSON.stringify(s.error));
  });

  it('a workdir written by upstream (config.json, metrics, checkpoint, no record) is unknown, metrics shown anyway', () => {
    const workdir = path.join(runs, 'upstream');
    fs.mkdirSync(path.join(workdir, 'checkpoint.bv-000000100'), { recursive: true });
    fs.writeFileSync(path.join(workdir, 'config.json'), JSON.stringify({ total_steps: 200, input: { batch_size: 8 } }));
    fs.writeFileSync(path.join(workdir, 'big_vision_metrics.txt'), '{"step": 50, "training_loss": NaN}\n{"step": 100, "training_loss": 0.5, "val/prec@1": 0.75, "val/cm": [10, 10]}\n');
    const s = summarizeRun(workdir);
    assert.equal(s.status, 'unknown');
    assert.deepEqual([s.step, s.total_steps, s.engine], [100, 200, null]);
    assert.deepEqual(s.last, { training_loss: 0.5, 'val/prec@1': 0.75 });
  });

  it('a run stopped from the launcher is interrupted with a checkpoint, and resumes to finished', async () => {
    const workdir = path.join(runs, 'stopped');
    const handle = await runner.start({ engine: 'tfjs', config: path.join(dir, 'tiny.py'), arg: config('steps=60,ckpt=50,eval=60'), overrides: [], workdir });
    await whenLogged(workdir, 3);
    await handle.stop({ graceMs: 60_000 });
    const stopped = summarizeRun(workdir);
    assert.equal(stopped.status, 'interrupted', stopped.reason);
    assert.match(stopped.reason, /stopped by SIGINT/);
    const ckpt = lastCheckpoint(path.join(workdir, 'checkpoint.bv'));
    assert.ok(ckpt, 'a stopped run leaves a checkpoint of its last step');
    assert.ok((stopped.step ?? 0) < 60);

    const resumed = await runner.resume(workdir);
    assert.equal((await resumed.exited).code, 0);
    const s = summarizeRun(workdir);
    assert.equal(s.status, 'finished', s.reason);
    assert.equal(s.step, 60);
    assert.equal(readRecord(workdir)?.attempts?.length, 1);
  });

  it('bv sweep --run runs a sweep one run after another, each in its own workdir; a second call skips finished runs', () => {
    const sweepFile = path.join(dir, 'tiny_sweep.py');
    fs.writeFileSync(
      sweepFile,
      `${tinyConfigSource()}\nimport big_vision.configs.common as bvcc\n\ndef sweep(add, arg=None):\n` +
        `  for lr in (0.001, 0.003):\n    add(lr=lr, note='grid', **bvcc.arg(data_dir=${JSON.stringify(path.join(dir, 'data'))}, steps=4))\n`,
    );
    const sweepDir = path.join(dir, 'sweeps', 'lr');
    const r = spawnSync(process.execPath, [BV, 'sweep', sweepFile, '--run', '--runs-dir', sweepDir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /run 1\/2[\s\S]*run 2\/2/);
    const listed = listJson(sweepDir);
    assert.deepEqual(listed.map((s) => [s.status, s.step, s.overrides, s.labels.note]), [
      ['finished', 4, ['lr=0.001'], 'grid'],
      ['finished', 4, ['lr=0.003'], 'grid'],
    ]);
    assert.ok(listed.every((s) => s.arg?.startsWith('data_dir=') && s.name === path.basename(s.workdir)));
    const again = spawnSync(process.execPath, [BV, 'sweep', sweepFile, '--run', '--runs-dir', sweepDir], { encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.equal((again.stderr.match(/already finished; skipped/g) ?? []).length, 2);
  });

  it('the big_vision engine runs python -m big_vision.train in the checkout, streamed, recorded and stopped alike', async () => {
    // The checkout holds a stand-in for upstream's trainer (JAX cannot be installed here) with upstream's flags.
    const checkout = path.join(ROOT, 'test', 'fixtures', 'upstream_checkout');
    const upstream = { engine: 'big_vision' as const, config: path.join(dir, 'tiny.py'), checkout, python: PYTHON };
    const done = await runner.start({ ...upstream, arg: 'steps=3', overrides: ['lr=0.01'], workdir: path.join(runs, 'bv-done') });
    let output = '';
    done.onOutput((text) => (output += text));
    assert.equal((await done.exited).code, 0, output);
    assert.match(output, /overrides \{'lr': '0\.01'\}[\s\S]*step 3\/3/);
    const s = summarizeRun(path.join(runs, 'bv-done'));
    assert.deepEqual([s.status, s.engine, s.step, s.total_steps], ['finished', 'big_vision', 3, 3]);
    assert.deepEqual(readRecord(path.join(runs, 'bv-done'))?.command.slice(1, 5), ['-m', 'big_vision.train', '--config', `${path.join(dir, 'tiny.py')}:steps=3`]);

    const failing = await runner.start({ ...upstream, arg: 'steps=5,fail_at=2', overrides: [], workdir: path.join(runs, 'bv-failed') });
    assert.equal((await failing.exited).code, 1);
    const f = summarizeRun(path.join(runs, 'bv-failed'));
    assert.equal(f.status, 'failed');
    assert.equal(f.error?.at(-1), 'ValueError: planted failure at step 2');

    const workdir = path.join(runs, 'bv-stopped');
    const long = await runner.start({ ...upstream, arg: 'steps=1000,step_s=0.05', overrides: [], workdir });
    await whenLogged(workdir, 2);
    await long.stop({ graceMs: 20_000 });
    const st = summarizeRun(workdir);
    assert.equal(st.status, 'interrupted', st.reason);
    assert.match(st.reason, /stopped by SIGINT/);
  });

  it('bv runs list --json prints one summary a line for every run below the folder', () => {
    const listed = listJson(runs);
    const byName = Object.fromEntries(listed.map((s) => [path.basename(s.workdir), s]));
    assert.deepEqual(Object.keys(byName).sort(), ['bv-done', 'bv-failed', 'bv-stopped', 'done', 'failed', 'killed', 'stopped', 'upstream']);
    assert.deepEqual(
      Object.fromEntries(Object.entries(byName).map(([k, s]) => [k, s.status])),
      { 'bv-done': 'finished', 'bv-failed': 'failed', 'bv-stopped': 'interrupted', done: 'finished', failed: 'failed', killed: 'interrupted', stopped: 'finished', upstream: 'unknown' },
    );
    for (const key of ['workdir', 'status', 'engine', 'config', 'arg', 'step', 'total_steps', 'started', 'ended', 'last']) {
      assert.ok(key in byName.done, `missing ${key}`);
    }
    assert.equal(byName.done.config, path.join(dir, 'tiny.py'));
    assert.equal(byName.upstream.last.training_loss, 0.5);
  });

  it('bv runs list reports a folder it cannot read by path and still lists the others', function () {
    if (process.platform === 'win32') this.skip();
    const locked = path.join(runs, 'locked');
    fs.mkdirSync(path.join(locked, 'inner'), { recursive: true });
    fs.chmodSync(locked, 0o700);
    // Root reads every folder: look as an unprivileged user does.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    fs.chmodSync(dir, 0o755);
    const r = spawnSync(process.execPath, [BV, 'runs', 'list', runs, '--json'], { encoding: 'utf8', ...asUser });
    fs.chmodSync(locked, 0o755);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`no permission to read ${locked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(r.stdout.trim().split('\n').length >= 4, r.stdout);
  });
});
