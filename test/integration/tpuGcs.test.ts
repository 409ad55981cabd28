/**
 * `bv tpu run` with a gs:// workdir through the real CLI: the fake Cloud TPU (real `@google-cloud/tpu` client, real
 * OpenSSH workers logging in a normal user, no shared disk) and the fake Cloud Storage JSON API (read by the real
 * `@google-cloud/storage` client) over a folder that is the workers' one shared "bucket". The big_vision engine's
 * stand-in trainer writes the bucket on both workers of a 2-host node; a preemption mid-run is recovered by
 * recreating the node and starting the same command, which resumes from the bucket's checkpoint; the local record
 * folder gets every step's metrics once and `bv runs list` shows the run finished with its gs:// workdir. The
 * bundled engine is refused a gs:// workdir before anything is created. Needs the build and `openssh-server`.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeGcs } from '../fake-gcs/fakeGcs';
import { FakeTpu } from '../fake-tpu/fakeTpu';
import { OutputLines } from '../outputLines';

const ROOT = path.resolve(__dirname, '..', '..');
const BV = path.join(ROOT, 'bin', 'bv.js');
const CHECKOUT = path.join(ROOT, 'test', 'fixtures', 'tpu_checkout');
const BUCKET = 'bv-test-bucket';
/** Launchers still running when a test gives up, stopped in `after`. */
const children = new Set<ChildProcess>();

interface Run {
  lines: string[];
  /** Resolves with the first output line matching `re`. */
  line(re: RegExp): Promise<string>;
  exit: Promise<{ code: number | null; stderr: string }>;
}

function launch(env: Record<string, string>, args: string[], cwd: string): Run {
  const child = spawn(process.execPath, [BV, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('close', () => children.delete(child));
  const out = new OutputLines();
  let stderr = '';
  child.stdout.on('data', out.feed);
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    lines: out.lines,
    line: (re) => out.line(re),
    exit: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))),
  };
}

/** The steps of a metrics file's lines, in file order. */
function steps(file: string): number[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { step: number }).step) : [];
}

describe('bv tpu run with a gs:// workdir (fake Cloud TPU and Cloud Storage, OpenSSH workers)', function () {
  this.timeout(240_000);
  let tpu: FakeTpu;
  let gcs: FakeGcs;
  let project: string;
  let env: Record<string, string>;

  before(async () => {
    tpu = await FakeTpu.start();
    const root = path.join(tpu.dir, 'gcs');
    fs.mkdirSync(path.join(root, BUCKET), { recursive: true, mode: 0o755 });
    fs.chmodSync(root, 0o755);
    // The workers log in as their own user: the bucket is theirs to write.
    fs.chownSync(path.join(root, BUCKET), tpu.workers.user.uid, tpu.workers.user.gid);
    gcs = await FakeGcs.start(root, tpu.token);
    project = fs.mkdtempSync(path.join(tpu.dir, 'project-'));
    env = { ...tpu.env(), ...gcs.env(), BV_GCS_POLL_MS: '200' };
  });

  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await gcs?.close();
    await tpu?.close();
  });

  it('trains on both workers into the bucket, survives a preemption by starting the same command, and tails the metrics into runs/<name>', async () => {
    const config = path.join(project, 'standin.py');
    fs.writeFileSync(config, 'import ml_collections\n\ndef get_config(arg=None):\n  return ml_collections.ConfigDict({"arg": arg or ""})\n');
    const url = `gs://${BUCKET}/exp/s16`;
    const inBucket = gcs.file(BUCKET, 'exp/s16');
    const record = path.join(project, 'runs', 's16');
    const run = launch(env, [
      'tpu', 'run', 'gcs-node', '--accelerator-type', 'v4-16', '--engine', 'big_vision', '--checkout', CHECKOUT, '--python', '/usr/bin/python3', '--watch-ms', '1000',
      '--delete-after', '--env', `BV_FAKE_GCS_ROOT=${gcs.root}`, '--config', `${config}:steps=60,step_s=0.25,ckpt_every=10`, '--workdir', url, ...tpu.flags(),
    ], project);
    const ended = run.exit.then(({ code, stderr }) => {
      throw new Error(`the run ended (${code}) before its first checkpoint:\n${run.lines.join('\n')}\n${stderr}`);
    });
    ended.catch(() => undefined);
    await Promise.race([run.line(/bv tpu: started on all 2 workers/), ended]);
    // Worker 0 prints a step after writing its metrics line (and checkpoint): three steps past the checkpoint of
    // step 10, which are trained again after the preemption.
    await Promise.race([run.line(/^I step 13\/60$/), ended]);
    assert.equal(fs.readFileSync(path.join(inBucket, 'checkpoint.bv-LAST'), 'utf8'), '000000010');
    await tpu.api.preempt('gcs-node');
    const resumed = Number(/resuming from step (\d+)/.exec(await run.line(/bv tpu: resuming from step \d+/))?.[1]);
    const { code, stderr } = await run.exit;
    const out = run.lines.join('\n');
    assert.equal(code, 0, `${out}\n${stderr}`);
    assert.ok(out.includes(`bv tpu: the run writes to ${url}; its record, log, metrics and config.json are kept in ${record}`), out);
    assert.equal(resumed, 10, out);
    assert.match(out, /bv tpu: node gcs-node was preempted: recreating the node and resuming \(recovery 1 of 3\)/);
    assert.ok(out.includes(`bv tpu: resuming from step ${resumed} (checkpoint.bv-LAST in ${url})`), out);
    assert.ok(out.includes(`I Resuming training from checkpoint ${url}/checkpoint.bv (step ${resumed})`), out);
    assert.match(out, /bv tpu: finished on every worker[\s\S]*bv tpu: node gcs-node deleted/);
    // Both workers of both node incarnations trained into the one bucket.
    for (const w of [0, 1]) assert.equal(fs.readFileSync(path.join(inBucket, `stand-in-started-on-worker-${w}`), 'utf8').trim().split('\n').length, 2, `worker ${w} started twice`);
    // The bucket's file has the re-trained steps twice; the local copy has each step once, the newest.
    const local = steps(path.join(record, 'big_vision_metrics.txt'));
    assert.deepEqual(local, Array.from({ length: 60 }, (_, i) => i + 1), `local steps: ${local.join(',')}`);
    const bucket = steps(path.join(inBucket, 'big_vision_metrics.txt'));
    assert.deepEqual([...new Set(bucket)].sort((a, b) => a - b), local);
    assert.ok(bucket.length >= 63, `the bucket has steps 11-13 twice: ${bucket.join(',')}`);
    assert.ok(bucket.indexOf(resumed + 1) >= 0 && bucket.lastIndexOf(resumed + 1) === bucket.lastIndexOf(60) - (60 - resumed - 1), 'the bucket ends with the resumed steps');
    assert.equal(fs.readFileSync(path.join(record, 'config.json'), 'utf8'), fs.readFileSync(path.join(inBucket, 'config.json'), 'utf8'));
    assert.deepEqual(fs.readdirSync(record).filter((f) => f.startsWith('checkpoint')), [], 'checkpoints stay in the bucket');
    assert.ok(gcs.requests.some((r) => r.media && r.range && !r.range.startsWith('bytes=0-')), 'the metrics were read by ranges from where the copy ended');
    const list = spawnSync(process.execPath, [BV, 'runs', 'list', '--json'], { cwd: project, encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    const summary = JSON.parse(list.stdout) as { workdir: string; status: string; step: number; total_steps: number; remote_workdir?: string };
    assert.deepEqual([summary.workdir, summary.status, summary.step, summary.total_steps, summary.remote_workdir], [record, 'finished', 60, 60, url]);
    const rec = JSON.parse(fs.readFileSync(path.join(record, 'bv_run.json'), 'utf8')) as { remote: { workdir: string; recoveries: number; phase: string } };
    assert.deepEqual([rec.remote.workdir, rec.remote.recoveries, rec.remote.phase], [url, 1, 'finished']);
  });

  it('refuses the bundled engine on a gs:// workdir with one line naming --workdir and the fix, before creating anything', async () => {
    const run = launch(env, ['tpu', 'run', 'tfjs-gcs', '--accelerator-type', 'v4-8', '--engine', 'tfjs', '--config', 'configs/mnist_vit.py', '--workdir', `gs://${BUCKET}/mnist`, ...tpu.flags()], ROOT);
    const { code, stderr } = await run.exit;
    assert.equal(code, 1);
    assert.equal(stderr, `bv tpu run: --workdir gs://${BUCKET}/mnist: the tfjs engine writes to worker 0's disk and cannot write to gs://; pass a local folder as --workdir (the run is mirrored into it), or use --engine big_vision\n`);
    assert.equal(tpu.api.node('tfjs-gcs'), undefined, 'no node was created');
    assert.deepEqual(run.lines, []);
  });
});
