// End to end on a 4-worker TPU node (the fake Cloud TPU API driven through the real @google-cloud/tpu client, four
// real OpenSSH workers on 127.0.0.2-5 logging in a normal user, each with its own disk): `bv tpu run` creates the
// node, bootstraps, runs, streams worker 0's output, mirrors metrics and checkpoints; a preemption is injected
// mid-run; the launcher deletes the node, recreates it (new id, new host keys, empty disks), bootstraps again,
// restores the last checkpoint and resumes; the run finishes with every training step in the metrics exactly once,
// and the node is deleted at the end (--delete-after). Twice: the bundled engine (a real `bv train` of
// configs/mnist_vit.py on worker 0) and the big_vision engine (the stand-in trainer of test/fixtures/tpu_checkout,
// started on all 4 workers).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeTpu } from '../fake-tpu/fakeTpu';
import { checkpointBase, lastCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import { loggedSteps, whenHolds } from '../integration/trainFixture';
import { OutputLines } from '../outputLines';
import { ROOT } from './codeServer';

const BV = path.join(ROOT, 'bin', 'bv.js');

interface Launch {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first output line matching `re`. */
  line(re: RegExp): Promise<string>;
  exit: Promise<number | null>;
}

function launch(fake: FakeTpu, args: string[]): Launch {
  const child = spawn(process.execPath, [BV, ...args], { cwd: ROOT, env: { ...process.env, ...fake.env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = new OutputLines();
  child.stdout?.on('data', out.feed);
  child.stderr?.on('data', out.feed);
  return {
    child,
    lines: out.lines,
    line: (re) => out.line(re),
    exit: new Promise((resolve) => child.on('close', (code) => resolve(code))),
  };
}

/** The step of the workdir's last checkpoint (0: none yet). */
function lastCheckpointStep(workdir: string): number {
  return parseInt(lastCheckpoint(checkpointBase(workdir)) ?? '0', 10);
}

/** Every step from 1 to `total`, once each, in order. */
function assertContinuous(steps: number[], total: number): void {
  assert.deepEqual(steps, Array.from({ length: total }, (_, i) => i + 1), `training steps in the metrics file: ${steps.join(',')}`);
}

describe('Run on TPU, end to end: 4 workers, preemption, resume (fake Cloud TPU, OpenSSH workers)', function () {
  this.timeout(600_000);
  let fake: FakeTpu;
  let dir: string;

  before(async () => {
    fake = await FakeTpu.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-tpu-e2e-'));
  });

  after(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Waits for the run to reach a checkpoint of at least `step` (mirrored locally), then preempts the node. */
  async function preemptAfter(run: Launch, node: string, workdir: string, step: number): Promise<string> {
    await run.line(/bv tpu: started on /);
    await whenHolds(workdir, () => lastCheckpointStep(workdir) >= step);
    const id = fake.api.node(node)?.id;
    assert.ok(id);
    await fake.api.preempt(node);
    return id;
  }

  it('the bundled engine: bv train of mnist_vit on worker 0, preempted, recreated, resumed, finished', async () => {
    const dataDir = path.join(dir, 'tfds');
    const prep = spawnSync(process.execPath, [BV, 'data', 'prepare', 'mnist', '--data-dir', dataDir], { encoding: 'utf8' });
    assert.equal(prep.status, 0, prep.stderr);
    const workdir = path.join(dir, 'mnist-tpu');
    const run = launch(fake, [
      'tpu', 'run', 'tpu-tfjs', '--accelerator-type', 'v4-32', '--engine', 'tfjs', '--tfds-data-dir', dataDir, '--delete-after', '--watch-ms', '2000',
      '--config', 'configs/mnist_vit.py:steps=60,batch_size=32', '--config.log_training_steps=1', '--config.ckpt_steps=10', '--workdir', workdir, ...fake.flags(),
    ]);
    const firstId = await preemptAfter(run, 'tpu-tfjs', workdir, 10);
    const code = await run.exit;
    const out = run.lines.join('\n');
    assert.equal(code, 0, out);
    assert.match(out, /on this 4-host node it runs on worker 0 only/);
    assert.match(out, /bv tpu: node tpu-tfjs was preempted: recreating the node and resuming \(recovery 1 of 3\)/);
    assert.match(out, /bv tpu: deleting node tpu-tfjs[\s\S]*bv tpu: recreating node tpu-tfjs[\s\S]*bv tpu: node tpu-tfjs created: READY, 4 workers/);
    const resumed = /bv tpu: resuming from step (\d+)/.exec(out);
    assert.ok(resumed && Number(resumed[1]) >= 10, out);
    assert.match(out, /Resuming training from checkpoint/);
    assert.match(out, /bv tpu: finished on every worker[\s\S]*bv tpu: node tpu-tfjs deleted/);
    assertContinuous(loggedSteps(workdir), 60);
    assert.equal(lastCheckpointStep(workdir), 60);
    assert.equal(fake.api.node('tpu-tfjs'), undefined, 'the node is deleted at the end');
    assert.notEqual(firstId, undefined);
    const list = spawnSync(process.execPath, [BV, 'runs', 'list', workdir, '--json'], { encoding: 'utf8' });
    const summary = JSON.parse(list.stdout) as { status: string; step: number; total_steps: number; last: Record<string, number> };
    assert.deepEqual([summary.status, summary.step, summary.total_steps], ['finished', 60, 60]);
    assert.ok(summary.last['test/prec@1'] !== undefined);
  });

  it('the big_vision engine: the stand-in trainer on all 4 workers, preempted, recreated, resumed, finished', async () => {
    const config = path.join(dir, 'standin.py');
    fs.writeFileSync(config, 'import ml_collections\n\ndef get_config(arg=None):\n  return ml_collections.ConfigDict({"arg": arg or ""})\n');
    const workdir = path.join(dir, 'standin-tpu');
    const run = launch(fake, [
      'tpu', 'run', 'tpu-bv', '--accelerator-type', 'v4-32', '--engine', 'big_vision', '--checkout', path.join(ROOT, 'test/fixtures/tpu_checkout'), '--jax', 'none',
      '--delete-after', '--watch-ms', '2000', '--config', `${config}:steps=80,step_s=0.25,ckpt_every=5`, '--workdir', workdir, ...fake.flags(),
    ]);
    await run.line(/bv tpu: started on all 4 workers/);
    const markers = () => [0, 1, 2, 3].map((i) => fs.existsSync(path.join(fake.home('tpu-bv', i), 'big_vision_studio/runs/standin-tpu', `stand-in-started-on-worker-${i}`)));
    await whenHolds(workdir, () => lastCheckpointStep(workdir) >= 10);
    assert.deepEqual(markers(), [true, true, true, true], 'the trainer runs on every worker, each on its own disk');
    await fake.api.preempt('tpu-bv');
    const resumed = Number(/resuming from step (\d+)/.exec(await run.line(/bv tpu: resuming from step \d+/))?.[1]);
    assert.ok(resumed >= 10);
    // The new node's workers start from empty disks: the checkpoint came back from the local copy, to all four.
    await whenHolds(workdir, () => loggedSteps(workdir).some((s) => s > resumed + 5));
    assert.deepEqual(markers(), [true, true, true, true], 'restarted on every worker of the new node');
    for (let i = 0; i < 4; i++) assert.ok(fs.existsSync(path.join(fake.home('tpu-bv', i), 'big_vision_studio/runs/standin-tpu', `checkpoint.bv-${String(resumed).padStart(9, '0')}`)), `worker ${i} got the checkpoint`);
    const code = await run.exit;
    const out = run.lines.join('\n');
    assert.equal(code, 0, out);
    assert.match(out, /process 0 of 4, BV_JAX_INIT=1/);
    assert.match(out, /Resuming training from checkpoint .* \(step \d+\)/);
    assert.match(out, /bv tpu: finished on every worker[\s\S]*bv tpu: node tpu-bv deleted/);
    assertContinuous(loggedSteps(workdir), 80);
    assert.equal(fake.api.node('tpu-bv'), undefined, 'the node is deleted at the end');
  });
});
