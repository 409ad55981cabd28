/**
 * `bv sweep` as users run it (the built bin/bv.js): run lists as JSON lines and as a table, and the exit codes
 * and messages of a file without a sweep and of a sweep that raises. Needs the build (`npm test` builds first).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

function bv(...args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), ...args], { cwd: REPO, encoding: 'utf8' });
}

describe('bv sweep', function () {
  this.timeout(60000);

  it('is listed in --help', () => {
    const r = bv('--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\s+sweep \[options\] <file>\s+list the runs of a config's sweep/m);
  });

  it('--json: one object per run in launch order, floats as Python writes them, the arg reaching the sweep', () => {
    const r = bv('sweep', 'test/fixtures/sweeps/paligemma_style.py:final_split=True', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      '{"arg":"res=224,final_split=True","overrides":{"config.lr":1e-05,"config.wd":1e-06,"config.total_epochs":10},"labels":{"ema":0.999,"res":224,"final_split":true},"name":"res=224,final_split=True,lr=1e-05,wd=1e-06,total_epochs=10"}',
      '{"arg":"res=448,final_split=True","overrides":{"config.lr":1e-05,"config.wd":0.0,"config.total_epochs":10,"config.ema":0.999},"labels":{"res":448,"final_split":true},"name":"res=448,final_split=True,lr=1e-05,wd=0.0,total_epochs=10,ema=0.999"}',
    ]);
  });

  it('text: a numbered table, get_hyper\'s product with its first factor slowest', () => {
    const r = bv('sweep', 'test/fixtures/sweeps/hyper_grid.py');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'test/fixtures/sweeps/hyper_grid.py: get_hyper, 8 runs');
    assert.match(lines[1], /^#\s+arg\s+overrides\s+labels\s+name$/);
    const rows = lines.slice(2).map((l) => l.trim().split(/\s+/));
    assert.deepEqual(rows.map((cells) => cells[0]), ['1', '2', '3', '4', '5', '6', '7', '8']);
    assert.deepEqual(rows.map((cells) => cells[1]), [...Array(4).fill('--config.lr=0.1'), ...Array(4).fill('--config.lr=1e-05')]);
    assert.deepEqual(rows[2], ['3', '--config.lr=0.1', '--config.model.depth=12', '--config.model.width=512', '--config.seed=0', 'note=grid', 'lr=0.1,model.depth=12,model.width=512,seed=0']);
  });

  it('a config without a sweep: exit 2 and what to add', () => {
    const r = bv('sweep', 'configs/mnist_vit.py', '--json');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^configs\/mnist_vit\.py: NoSweepError: defines no sweep: add def sweep\(add, arg=None\)/);
  });

  it('a sweep that raises: exit 1 and one error at the file and line', () => {
    const r = bv('sweep', 'test/fixtures/sweeps/raises.py:mode=slow');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "test/fixtures/sweeps/raises.py:15:3: NotImplementedError: no sweep for mode 'slow' yet\n");
  });
});
