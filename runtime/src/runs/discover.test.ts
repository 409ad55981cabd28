import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRuns } from './discover';
import { checkWorkdir } from './workdir';

function touch(file: string, text = ''): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('runs/discover and runs/workdir', () => {
  it('finds runs and sweeps of runs, without entering runs, checkpoints or hidden folders', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-find-'));
    touch(path.join(root, 'a', 'bv_run.json'));
    touch(path.join(root, 'a', 'nested', 'bv_run.json')); // inside a run: not a run of its own
    touch(path.join(root, 'sweep', 'lr=0.1', 'big_vision_metrics.txt'));
    touch(path.join(root, 'sweep', 'lr=0.01', 'big_vision_metrics.txt'));
    touch(path.join(root, 'upstream', 'config.json'));
    fs.mkdirSync(path.join(root, 'upstream', 'checkpoint.bv-000000010'), { recursive: true });
    touch(path.join(root, 'only_config', 'config.json'));
    touch(path.join(root, '.hidden', 'bv_run.json'));
    touch(path.join(root, 'd1', 'd2', 'd3', 'd4', 'd5', 'bv_run.json')); // below the depth limit
    const found = findRuns([root]);
    assert.deepEqual(found.workdirs.map((w) => path.relative(root, w)), ['a', 'sweep/lr=0.01', 'sweep/lr=0.1', 'upstream']);
    assert.deepEqual(found.problems, []);
    assert.deepEqual(findRuns([path.join(root, 'a')]).workdirs, [path.join(root, 'a')], 'a root may be a run itself');
  });

  it('reports roots it cannot read by path, and a missing default folder as empty', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-find-'));
    touch(path.join(root, 'file'));
    const r = findRuns([path.join(root, 'file'), path.join(root, 'missing')]);
    assert.deepEqual(r.problems.map((p) => p.message), [`${path.join(root, 'file')} is a file, not a folder`, `${path.join(root, 'missing')} does not exist`]);
    assert.deepEqual(findRuns([path.join(root, 'missing')], { missingRootsOk: true }).problems, []);
  });

  it('makes a workdir level by level, and names the path when it cannot', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-wd-'));
    assert.equal(checkWorkdir(path.join(root, 'x', 'y', 'z')), undefined);
    assert.ok(fs.statSync(path.join(root, 'x', 'y', 'z')).isDirectory());
    touch(path.join(root, 'afile'));
    assert.match(checkWorkdir(path.join(root, 'afile', 'run')) ?? '', /afile is a file, not a folder; choose another --workdir/);
    // Node's recursive mkdir loops forever here; this must answer at once.
    assert.match(checkWorkdir('/proc/bv-no-such/run') ?? '', /the workdir \/proc\/bv-no-such\/run cannot be made under \/proc/);
  });
});
