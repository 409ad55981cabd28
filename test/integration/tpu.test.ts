/**
 * `bv tpu` through the real CLI against the fake Cloud TPU (the real `@google-cloud/tpu` client on the fake REST
 * API, real OpenSSH workers logging in a normal user): a full zone gives the capacity advice; a worker whose
 * trainer fails at start stops the run on every worker within seconds; a worker presenting another host key for
 * the same node id is refused. The long end-to-end runs (4 workers, preemption) are in test/e2e/tpuRun.test.ts.
 * Needs the build (`npm test` builds first) and `openssh-server`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkpointBase, lastCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import { generateParsable } from '../../runtime/src/launch/ssh/keyPair';
import { FAKE_ZONE, FakeTpu } from '../fake-tpu/fakeTpu';
import { killByHome } from '../fake-tpu/sshWorkers';
import { loggedSteps, whenHolds } from './trainFixture';

const ROOT = path.resolve(__dirname, '..', '..');
const BV = path.join(ROOT, 'bin', 'bv.js');
const CHECKOUT = path.join(ROOT, 'test', 'fixtures', 'tpu_checkout');

export interface BvResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `bv ARGS` with the fake's environment; `onLine` sees each stdout line as it comes. */
export function bv(fake: FakeTpu, args: string[], onLine?: (line: string) => void, cwd = ROOT): Promise<BvResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [BV, ...args], { cwd, env: { ...process.env, ...fake.env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) onLine?.(l);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

/** A config file the stand-in trainer accepts (it reads its options from the arg). */
export function standInConfig(dir: string): string {
  const file = path.join(dir, 'standin.py');
  fs.writeFileSync(file, 'import ml_collections\n\ndef get_config(arg=None):\n  return ml_collections.ConfigDict({"arg": arg or ""})\n');
  return file;
}

/** Processes still running on a worker (whose environment has its home). */
function processesOn(home: string): number {
  let n = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`).includes(Buffer.from(`HOME=${home}\0`))) n++;
    } catch {
      // gone, or not ours to read
    }
  }
  return n;
}

describe('bv tpu (fake Cloud TPU API, OpenSSH workers)', function () {
  this.timeout(180_000);
  let fake: FakeTpu;
  let dir: string;

  before(async () => {
    fake = await FakeTpu.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-tpu-cli-'));
  });

  after(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('turns a full zone into advice: another zone, --spot, or a queued resource', async () => {
    fake.api.injectCapacityError(FAKE_ZONE);
    const r = await bv(fake, ['tpu', 'create', 'full-node', '--accelerator-type', 'v4-8', ...fake.flags()]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /bv tpu create: There is no more capacity in the zone "us-central2-b"/);
    assert.match(r.stderr, /→ us-central2-b has no capacity for v4-8 right now\. Try another zone .*--spot .*bv tpu create full-node --queued/);
    assert.equal(fake.api.node('full-node'), undefined, 'no node is left behind');
  });

  it('stops the run on every worker within seconds when one worker fails at start', async () => {
    const config = standInConfig(dir);
    const workdir = path.join(dir, 'fails');
    let failedAt = 0;
    const r = await bv(fake, [
      'tpu', 'run', 'fail-node', '--accelerator-type', 'v4-32', '--engine', 'big_vision', '--checkout', CHECKOUT, '--python', '/usr/bin/python3',
      '--config', `${config}:steps=3000,step_s=0.1,fail_worker=2`, '--workdir', workdir, ...fake.flags(),
    ], (line) => {
      if (/worker 2 exited/.test(line) && !failedAt) failedAt = Date.now();
    });
    const ended = Date.now();
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /bv tpu: started on all 4 workers/);
    assert.match(r.stdout, /bv tpu: worker 2 exited with 1: stopping the run on every worker/);
    assert.match(r.stdout, /bv tpu: failed: worker 2 exited with 1; the run was stopped on every worker/);
    // The healthy workers would have trained for 300 s; the run ended within seconds of the failure.
    assert.ok(failedAt > 0 && ended - failedAt < 15_000, `${ended - failedAt} ms from the failure to the end`);
    for (let i = 0; i < 4; i++) assert.equal(processesOn(fake.home('fail-node', i)), 0, `nothing runs on worker ${i}`);
    const record = JSON.parse(fs.readFileSync(path.join(workdir, 'bv_run.json'), 'utf8')) as { exit: { code: number; error: string[] }; remote: { node: string; phase: string } };
    assert.equal(record.exit.code, 1);
    assert.match(record.exit.error.join('\n'), /worker 2 exited with 1[\s\S]*planted start-up failure on worker 2/);
    assert.deepEqual([record.remote.node, record.remote.phase], ['fail-node', 'failed']);
  });

  it('stops a run on every worker when the launcher gets Ctrl-C (the editor\'s Stop), recording it as stopped', async () => {
    const config = standInConfig(dir);
    const workdir = path.join(dir, 'stopped');
    let resolveStarted: () => void = () => undefined;
    const started = new Promise<void>((r) => (resolveStarted = r));
    const args = ['tpu', 'run', 'stop-node', '--accelerator-type', 'v4-16', '--engine', 'big_vision', '--checkout', CHECKOUT, '--python', '/usr/bin/python3', '--config', `${config}:steps=3000,step_s=0.1`, '--workdir', workdir, ...fake.flags()];
    const child = spawn(process.execPath, [BV, ...args], { cwd: ROOT, env: { ...process.env, ...fake.env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/I step 3\/3000/.test(out)) resolveStarted();
    });
    const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await started;
    const record = () => JSON.parse(fs.readFileSync(path.join(workdir, 'bv_run.json'), 'utf8')) as { pid: number; exit?: { stoppedBy?: string }; remote: { phase: string } };
    assert.equal(record().pid, child.pid, 'the record names the launcher, so the run shows running while it follows it');
    assert.equal(record().remote.phase, 'running');
    child.kill('SIGINT');
    assert.equal(await exit, 130, out);
    assert.match(out, /bv tpu: SIGINT: stopping the run \(each worker finishes its step and checkpoints\)[\s\S]*bv tpu: stopped by SIGINT/);
    assert.match(out, /KeyboardInterrupt/, 'the trainer got the stop as Ctrl-C (not SIGTERM), so a real one checkpoints');
    assert.equal(record().exit?.stoppedBy, 'SIGINT');
    for (let i = 0; i < 2; i++) assert.equal(processesOn(fake.home('stop-node', i)), 0, `nothing runs on worker ${i}`);
  });

  it('resumes a preempted run from the last checkpoint whose metrics line the local copy holds, so no step goes missing', async () => {
    // Upstream saves a step's checkpoint before writing its metrics line: a node lost in between leaves a checkpoint
    // of step 20 and metrics up to 19. The local copy keeps the checkpoint of step 10 as its last until the line of
    // step 20 arrives, so the run resumes from 10 and the metrics hold every step once.
    const config = standInConfig(dir);
    const workdir = path.join(dir, 'held');
    // The workers log in as another user: the trainer's marker goes to a folder anyone may write.
    const markers = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-hold-'));
    fs.chmodSync(markers, 0o777);
    const node = 'held-node';
    let copied20: () => void = () => undefined;
    const copied = new Promise<void>((r) => (copied20 = r));
    const run = bv(fake, [
      'tpu', 'run', node, '--accelerator-type', 'v4-8', '--engine', 'big_vision', '--checkout', CHECKOUT, '--python', '/usr/bin/python3', '--delete-after', '--watch-ms', '2000',
      '--config', `${config}:steps=25,step_s=0.1,ckpt_every=10,hold_at=20,hold_marker=${path.join(markers, 'held-once')}`, '--workdir', workdir, ...fake.flags(),
    ], (line) => {
      if (/bv tpu: checkpoint of step 20 copied to /.test(line)) copied20();
    });
    await Promise.race([copied, run.then((r) => assert.fail(`the run ended (${r.code}) before the checkpoint of step 20 was copied:\n${r.stdout}\n${r.stderr}`))]);
    // Steps 10-19 were written a second before: the checkpoint of step 10 is the local last one (or soon is).
    await whenHolds(workdir, () => lastCheckpoint(checkpointBase(workdir)) === '000000010');
    await fake.api.preempt(node);
    const r = await run;
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /bv tpu: node held-node was preempted: recreating the node and resuming \(recovery 1 of 3\)/);
    assert.match(r.stdout, /bv tpu: resuming from step 10\b/);
    const steps = loggedSteps(workdir);
    assert.deepEqual(steps, Array.from({ length: 25 }, (_, i) => i + 1), `steps in the local metrics: ${steps.join(',')}`);
    assert.equal(lastCheckpoint(checkpointBase(workdir)), '000000025');
    fs.rmSync(markers, { recursive: true, force: true });
  });

  it('refuses a worker whose host key changed for the same node id', async () => {
    const ok = await bv(fake, ['tpu', 'ssh', 'fail-node', '--worker', '1', ...fake.flags(), 'echo', 'pinned']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), 'pinned');
    // The same node (same id) now answers with another key: a machine in between, or a reimage we did not do.
    const node = fake.api.node('fail-node');
    assert.ok(node);
    const worker = fake.workers.workers.get(node.id)?.[1];
    assert.ok(worker);
    killByHome(worker.home);
    await fake.workers.down(node, false);
    fs.writeFileSync(path.join(worker.dir, 'ssh_host_ed25519_key'), generateParsable('fake worker host key').private, { mode: 0o600 });
    const ips = await fake.workers.up(node, 4);
    node.networkEndpoints = ips.map((ip) => ({ ipAddress: ip, port: 8470, accessConfig: { externalIp: ip } }));
    const refused = await bv(fake, ['tpu', 'ssh', 'fail-node', '--worker', '1', ...fake.flags(), 'echo', 'pinned']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /the host key of worker 1 \(127\.0\.0\.\d+\) of node fail-node changed: node id \d+ was pinned to SHA256:\S+, the worker now offers SHA256:\S+\. .*refusing to connect/);
    assert.equal(refused.stdout, '');
  });
});
