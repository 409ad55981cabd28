import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { remoteCommand, remoteConfigPath, trainerWorkers } from './launchPlan';
import { truncateMetrics } from './mirror';
import { remoteLayout, remoteRunName } from './remoteLayout';

const layout = remoteLayout('/home/u');

describe('launch/launchPlan and mirror', () => {
  it('runs the bundled engine on worker 0 and big_vision on every worker, with upstream\'s multi-host switch', () => {
    assert.deepEqual(trainerWorkers('tfjs', 4), [0]);
    assert.deepEqual(trainerWorkers('big_vision', 4), [0, 1, 2, 3]);
    const spec = { engine: 'big_vision' as const, config: '/src/bv/big_vision/configs/x.py', arg: 'a=1', overrides: ['lr=0.1'], workdir: '/local/runs/x-1', checkout: '/src/bv', env: { TFDS_DATA_DIR: 'gs://b/tfds' } };
    const cmd = remoteCommand(spec, layout, remoteRunName(spec.workdir), '/home/u/big_vision_studio/venv/bin/python', 2, 4);
    assert.deepEqual(cmd.argv, ['/home/u/big_vision_studio/venv/bin/python', '-m', 'big_vision.train', '--config', '/home/u/big_vision_studio/checkout/big_vision/configs/x.py:a=1', '--workdir', '/home/u/big_vision_studio/runs/x-1', '--config.lr=0.1']);
    assert.equal(cmd.cwd, '/home/u/big_vision_studio/checkout');
    assert.equal(cmd.env.BV_JAX_INIT, '1');
    assert.equal(cmd.env.BV_TPU_WORKER, '2');
    assert.equal(cmd.env.TFDS_DATA_DIR, 'gs://b/tfds');
    const tfjs = remoteCommand({ engine: 'tfjs', config: '/w/configs/m.py', overrides: [], workdir: '/local/m' }, layout, 'm', '/home/u/big_vision_studio/bin/bv', 0, 1);
    assert.deepEqual(tfjs.argv.slice(0, 4), ['/home/u/big_vision_studio/bin/bv', 'train', '--config', '/home/u/big_vision_studio/configs/m/m.py']);
    assert.equal(tfjs.env.BV_RUN_SUPERVISED, '1', 'the launcher keeps the record');
    assert.deepEqual(remoteConfigPath({ engine: 'big_vision', config: '/elsewhere/c.py', overrides: [], workdir: '/w', checkout: '/src/bv' }, layout, 'r'), { path: '/home/u/big_vision_studio/configs/r/c.py', upload: true });
  });

  it('cuts the local metrics at the checkpoint step before a resume, keeping the rest of the file as it was', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-trunc-'));
    const file = path.join(dir, 'big_vision_metrics.txt');
    fs.writeFileSync(file, ['{"step": 1, "training_loss": 2.0}', '{"step": 2, "training_loss": NaN}', '{"step": 3, "training_loss": 1.0}', '{"step": 4, "trai'].join('\n'));
    const bytes = truncateMetrics(dir, 2);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"step": 1, "training_loss": 2.0}\n{"step": 2, "training_loss": NaN}\n');
    assert.equal(bytes, fs.statSync(file).size);
    assert.equal(truncateMetrics(dir, undefined), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
