/**
 * Workdirs `bv train` cannot use: each ends the run with one error line naming the path (no raw EACCES/ENOTDIR,
 * no endless mkdir under /proc), before any data is read where the problem is known at start; a workdir made
 * read-only while training names it too; checkpoint folders a crash left half-written are removed on the next
 * start. Unwritable folders need a user other than root: those runs are started as nobody (65534).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import { train } from '../../runtime/src/train';
import { bvProcess, finished, tinyConfig, tinyConfigSource, whenStepLogged, writeTinyTfds } from './trainFixture';

const ROOT = path.resolve(__dirname, '..', '..');
const NOBODY = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;

/** The lines of a run's stderr that report a problem (not its notes, warnings or progress). */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^bv train:|EACCES|ENOTDIR|EROFS|ENOENT/.test(l));
}

describe('bv train: workdirs it cannot use (integration)', function () {
  this.timeout(120_000);
  let dir: string;
  let config: (extra: string) => string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-workdir-'));
    fs.chmodSync(dir, 0o755); // readable by nobody
    await writeTinyTfds(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'tiny.py'), tinyConfigSource());
    config = (extra) => `${path.join(dir, 'tiny.py')}:data_dir=${path.join(dir, 'data')},${extra}`;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a workdir below /proc is one error naming it, before the (missing) dataset is read', async () => {
    const r = await finished(bvProcess(['train', '--config', `${path.join(dir, 'tiny.py')}:data_dir=${path.join(dir, 'nodata')}`, '--workdir', '/proc/bv-x/run']));
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(errorLines(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, /bv train: the workdir \/proc\/bv-x\/run cannot be made under \/proc/);
  });

  it('the trainer itself refuses a workdir below /proc with one error (no endless mkdir)', () => {
    // In a child process: on this path Node's recursive mkdir never returns, which would hang the test runner.
    const script = `try { new (require(${JSON.stringify(path.join(ROOT, 'runtime/src/metrics/writer.ts'))}).MetricWriter)({ workdir: '/proc/bv-x/run', configText: '{}' }); } catch (e) { process.stderr.write(e.message); process.exitCode = 3; }`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    assert.equal(r.signal, null, 'the writer returned (it is killed after 30 s otherwise)');
    assert.equal(r.status, 3);
    assert.match(r.stderr, /^the workdir \/proc\/bv-x\/run cannot be made under \/proc/);
  });

  it("a workdir in another user's folder is one error naming it", async function () {
    if (!asRoot) this.skip();
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o755 });
    const r = await finished(bvProcess(['train', '--config', config('steps=4'), '--workdir', path.join(locked, 'run'), '--backend', 'wasm'], NOBODY));
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(errorLines(r.stderr), [`bv train: the workdir ${path.join(locked, 'run')} cannot be written: no permission on ${path.join(locked, 'run')}; choose another --workdir or change the permissions`]);
  });

  it('a workdir made read-only while training stops the run with one error naming it', async function () {
    if (!asRoot) this.skip();
    const workdir = path.join(dir, 'readonly');
    fs.mkdirSync(workdir);
    fs.chownSync(workdir, NOBODY.uid, NOBODY.gid);
    const child = bvProcess(['train', '--config', config('steps=400,ckpt=200,eval=1000'), '--workdir', workdir, '--backend', 'wasm'], NOBODY);
    const exited = finished(child);
    await Promise.race([whenStepLogged(workdir, 1), exited.then((r) => assert.fail(`ended early: ${r.stderr}`))]);
    fs.chmodSync(workdir, 0o555); // the checkpoint of step 200 can no longer be written
    const r = await exited;
    fs.chmodSync(workdir, 0o755);
    assert.equal(r.code, 1, r.stderr);
    const errors = errorLines(r.stderr);
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], new RegExp(`^bv train: cannot write the checkpoint of step 200 in ${workdir}: the workdir ${workdir} cannot be written: no permission`));
    assert.equal(lastCheckpoint(path.join(workdir, 'checkpoint.bv')), '000000001-tmp', 'the last complete checkpoint stays referenced');
  });

  it('checkpoint folders left half-written or unreferenced are removed on the next start', async () => {
    const workdir = path.join(dir, 'stale');
    const cfg = tinyConfig(path.join(dir, 'data'), { total_steps: 4, ckpt_steps: 2, log_training_steps: 2 });
    await train({ config: cfg, workdir, backend: 'wasm' });
    assert.equal(lastCheckpoint(path.join(workdir, 'checkpoint.bv')), '000000004');
    const stale = ['checkpoint.bv-000000003-tmp', 'checkpoint.bv-000000005-tmp.partial', 'checkpoint.bv-000000006.partial'];
    for (const name of stale) fs.mkdirSync(path.join(workdir, name, 'params~x'), { recursive: true });
    fs.mkdirSync(path.join(workdir, 'checkpoint.bv-000000002'), { recursive: true }); // a kept checkpoint stays
    await train({ config: { ...cfg, total_steps: 6 }, workdir, backend: 'wasm' });
    const left = fs.readdirSync(workdir).filter((n) => n.startsWith('checkpoint.bv-')).sort();
    assert.deepEqual(left, ['checkpoint.bv-000000002', 'checkpoint.bv-000000004', 'checkpoint.bv-000000006', 'checkpoint.bv-LAST']);
  });
});
