/**
 * Rerunning `bv train` in a workdir that already holds a run (real processes on the tiny generated dataset): a run
 * whose last checkpoint is at or past the end changes nothing and says so; a config that differs from the
 * workdir's config.json in more than run length and logging is refused, listing the keys, unless
 * --allow-config-change is given; run length and logging may change, and the run resumes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bvProcess, finished, loggedSteps, tinyConfigSource, writeTinyTfds } from './trainFixture';

/** Every file of a folder with its bytes, to tell that a run changed nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), 'latin1'));
  }
  return out;
}

describe('bv train: rerunning a workdir (integration)', function () {
  this.timeout(180_000);
  let dir: string;
  let workdir: string;
  const train = (arg: string, ...flags: string[]) =>
    finished(bvProcess(['train', '--config', `${path.join(dir, 'tiny.py')}:data_dir=${path.join(dir, 'data')},${arg}`, '--workdir', workdir, '--backend', 'wasm', ...flags]));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-rerun-'));
    workdir = path.join(dir, 'run');
    await writeTinyTfds(path.join(dir, 'data'), 32, 8);
    fs.writeFileSync(path.join(dir, 'tiny.py'), tinyConfigSource());
    const r = await train('steps=8,ckpt=4,eval=4');
    assert.equal(r.code, 0, r.stderr);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a finished workdir rerun with fewer (or as many) steps changes nothing and says so', async () => {
    const before = snapshot(workdir);
    for (const steps of [4, 8]) {
      const r = await train(`steps=${steps},ckpt=4,eval=4`);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`${workdir} already holds the checkpoint of step 8, at or past the end of this run \\(${steps} steps\\); nothing was trained or written`));
      assert.doesNotMatch(r.stderr, /Steps:8\/4|200\.0%|step 0/);
      assert.deepEqual(snapshot(workdir), before, 'config.json, metrics, checkpoints and run record unchanged');
    }
  });

  it('a config that differs in more than run length and logging is refused, naming the keys', async () => {
    const before = snapshot(workdir);
    const r = await train('steps=12,ckpt=4,eval=4', '--config.lr=0.002', '--config.model.width=32');
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('bv train:'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(`^bv train: ${workdir} holds a run of another config: lr 0\\.003 → 0\\.002, model\\.width 16 → 32 differ from its config\\.json.*--allow-config-change`));
    assert.deepEqual(snapshot(workdir), before);
  });

  it('run length and logging may change: the run resumes and config.json is the new one', async () => {
    const r = await train('steps=10,ckpt=2,eval=5,log=2');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Resuming training from checkpoint/);
    assert.deepEqual(loggedSteps(workdir).filter((s) => s > 8), [9, 10], 'the chrono warm-up logs both steps after a restart');
    assert.match(fs.readFileSync(path.join(workdir, 'config.json'), 'utf8'), /"total_steps": 10/);
  });

  it('--allow-config-change resumes with the changed config', async () => {
    const r = await train('steps=12,ckpt=2,eval=5,log=2', '--config.lr=0.002', '--allow-config-change');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /lr 0\.003 → 0\.002/, 'the change is still reported');
    assert.deepEqual(loggedSteps(workdir).filter((s) => s > 10), [11, 12]);
    assert.match(fs.readFileSync(path.join(workdir, 'config.json'), 'utf8'), /"lr": 0\.002/);
  });
});
