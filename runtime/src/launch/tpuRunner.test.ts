import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRecord } from '../runs/record';
import { isTpuRun, tpuResumeArgs, tpuRunArgs } from './tpuRunner';

describe('launch/tpuRunner (the editor\'s runs on TPU through the run interface)', () => {
  it('turns a launch spec into bv tpu run arguments, the node flags before the overrides and no local Python', () => {
    const args = tpuRunArgs(
      { engine: 'tfjs', config: '/w/configs/mnist_vit.py', arg: 'steps=40', overrides: ['lr=0.002'], workdir: '/w/runs/r1', tfdsDataDir: '/data', python: '/venv/bin/python', env: { A: 'b' } },
      { node: 'n1', flags: ['--project', 'p', '--zone', 'z', '--accelerator-type', 'v4-8'] },
    );
    assert.deepEqual(args, [
      'tpu', 'run', 'n1', '--engine', 'tfjs', '--config', '/w/configs/mnist_vit.py:steps=40', '--workdir', '/w/runs/r1', '--tfds-data-dir', '/data', '--env', 'A=b',
      '--project', 'p', '--zone', 'z', '--accelerator-type', 'v4-8', '--config.lr=0.002',
    ]);
  });

  it('passes a gs:// workdir as it is, with the local folder of its record', () => {
    const args = tpuRunArgs({ engine: 'big_vision', config: '/w/c.py', overrides: [], workdir: 'gs://bkt/runs/s16' }, { node: 'n1', flags: ['--zone', 'z'], recordDir: '/w/runs/s16' });
    assert.deepEqual(args, ['tpu', 'run', 'n1', '--engine', 'big_vision', '--config', '/w/c.py', '--workdir', 'gs://bkt/runs/s16', '--record-dir', '/w/runs/s16', '--zone', 'z']);
  });

  it('resumes a TPU run from its record (node and flags as recorded) and tells TPU runs from local ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-tpurunner-'));
    try {
      const tpu = path.join(dir, 'tpu');
      const local = path.join(dir, 'local');
      for (const d of [tpu, local]) fs.mkdirSync(d);
      startRecord(tpu, {
        engine: 'big_vision', command: ['bv', 'tpu', 'run'], cwd: '~', config: '/c.py', arg: 'x=1', overrides: ['lr=1'], options: {},
        remote: { provider: 'cloud-tpu', project: 'p', zone: 'z', node: 'n2', acceleratorType: 'v4-32', spot: true, workdir: '', phase: 'running', recoveries: 0, flags: ['--zone', 'z', '--spot'] },
      });
      startRecord(local, { engine: 'tfjs', command: ['bv', 'run'], cwd: '/', config: '/c.py', overrides: [], options: {} });
      assert.deepEqual(tpuResumeArgs(tpu), ['tpu', 'run', 'n2', '--engine', 'big_vision', '--config', '/c.py:x=1', '--workdir', tpu, '--zone', 'z', '--spot', '--config.lr=1']);
      assert.equal(isTpuRun(tpu), true);
      assert.equal(isTpuRun(local), false);
      assert.equal(isTpuRun(path.join(dir, 'none')), false);
      assert.throws(() => tpuResumeArgs(local), /holds no record of a TPU run/);
      // A gs:// run resumes on its bucket's workdir, its record staying in this folder.
      const gcs = path.join(dir, 'gcs');
      fs.mkdirSync(gcs);
      startRecord(gcs, {
        engine: 'big_vision', command: ['bv', 'tpu', 'run'], cwd: '~', config: '/c.py', overrides: [], options: {},
        remote: { provider: 'cloud-tpu', project: 'p', zone: 'z', node: 'n3', acceleratorType: 'v4-32', spot: false, workdir: 'gs://bkt/runs/s16', phase: 'preempted', recoveries: 1, flags: ['--zone', 'z'] },
      });
      assert.deepEqual(tpuResumeArgs(gcs), ['tpu', 'run', 'n3', '--engine', 'big_vision', '--config', '/c.py', '--workdir', 'gs://bkt/runs/s16', '--record-dir', gcs, '--zone', 'z']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
