/**
 * A `bv train` that fails before training (missing dataset, missing eval data) writes nothing: no workdir, no
 * config.json, no run record, and an existing workdir keeps its files untouched. Real processes on the tiny
 * generated dataset.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bvProcess, finished, tinyConfigSource, writeTinyTfds } from './trainFixture';

describe('bv train: a run that fails at start leaves nothing (integration)', function () {
  this.timeout(120_000);
  let dir: string;
  let data: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-failstart-'));
    data = path.join(dir, 'data');
    await writeTinyTfds(data, 16, 8);
    fs.writeFileSync(path.join(dir, 'tiny.py'), tinyConfigSource());
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing dataset leaves no workdir, nor the folders above it the run would have made', async () => {
    const workdir = path.join(dir, 'new', 'run');
    const r = await finished(bvProcess(['train', '--config', `${path.join(dir, 'tiny.py')}:data_dir=${path.join(dir, 'nodata')}`, '--workdir', workdir, '--backend', 'wasm']));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /nodata/);
    assert.equal(fs.existsSync(path.join(dir, 'new')), false, `${path.join(dir, 'new')} was left behind`);
  });

  it('missing eval data fails before anything is written, and an existing workdir keeps its files', async () => {
    const workdir = path.join(dir, 'existing');
    fs.mkdirSync(workdir);
    fs.writeFileSync(path.join(workdir, 'notes.txt'), 'mine');
    const nowhere = path.join(dir, 'nowhere');
    const r = await finished(bvProcess(['train', '--config', `${path.join(dir, 'tiny.py')}:data_dir=${data},steps=4,eval=2`, `--config.evals.test.data.data_dir=${nowhere}`, '--workdir', workdir, '--backend', 'wasm']));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`${nowhere.replace(/[/\\]/g, '.')}`));
    assert.deepEqual(fs.readdirSync(workdir), ['notes.txt']);
  });
});
