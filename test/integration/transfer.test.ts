/**
 * configs/transfer.py:runlocal end to end with the bundled trainer on the embedded MNIST data: trains 20 steps from
 * scratch and writes metrics, `bv export` turns its checkpoint into an upstream-layout .npz (numpy reads it), a second
 * run starts from that file with the head re-initialised (`dont_load`) and prints the load report, and a missing
 * checkpoint is one error at the config's `model_init` line that names the file.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMetricsFile } from '../../runtime/src/metrics/contract';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');

/** Runs `bv ARGS` from the sources with `env` added; resolves with the exit code, stdout and stderr. */
function bv(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `require(${JSON.stringify(CLI)}).main(JSON.parse(process.env.BV_ARGS)).then((c) => { process.exitCode = c; })`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, ...env, BV_ARGS: JSON.stringify(args) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('configs/transfer.py:runlocal (integration)', function () {
  this.timeout(600_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-transfer-'));
    env = { TFDS_DATA_DIR: path.join(dir, 'tfds') };
    const prep = await bv(['data', 'prepare', 'mnist'], env);
    assert.equal(prep.code, 0, prep.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const metricsOf = (workdir: string) => parseMetricsFile(fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8'));

  it('trains 20 steps, exports the checkpoint, and fine-tunes from the .npz with a new head', async () => {
    const scratch = path.join(dir, 'scratch');
    const first = await bv(['train', '--config', 'configs/transfer.py:runlocal,steps=20', '--workdir', scratch], env);
    assert.equal(first.code, 0, first.stderr);
    const m1 = metricsOf(scratch);
    assert.ok(m1.some((r) => r.step === 20 && typeof r.training_loss === 'number'), 'training loss at step 20');
    assert.ok(m1.some((r) => r.step === 20 && typeof r['test/prec@1'] === 'number'), 'the final eval');

    const npz = path.join(dir, 'pretrained.npz');
    const exported = await bv(['export', scratch, npz], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^Wrote 72 arrays \(\d+ parameters\)/);
    if (spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0) {
      const r = spawnSync('python3', ['-c', 'import numpy as np, sys; z = np.load(sys.argv[1]); print(z["Transformer/encoderblock_3/MlpBlock_0/Dense_1/kernel"].shape, z["cls"].dtype)', npz], { encoding: 'utf8' });
      assert.equal(r.stdout.trim(), '(128, 64) float32', r.stderr);
    }

    const tuned = path.join(dir, 'tuned');
    const second = await bv(['train', '--config', `configs/transfer.py:runlocal,steps=20,init=${npz}`, '--workdir', tuned], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /Loaded .*pretrained\.npz: 70 loaded, 2 kept at init \(dont_load\), 0 adapted, 0 missing, 0 unexpected, 0 mis-shaped/);
    assert.match(second.stderr, /kept at init \(dont_load\): head\/kernel, head\/bias/);
    const m2 = metricsOf(tuned);
    assert.ok(m2.some((r) => r.step === 20 && typeof r['test/prec@1'] === 'number'), 'the fine-tuned run writes its metrics');
  });

  it('a checkpoint that is not there stops the run at the model_init line, naming the file', async () => {
    const missing = path.join(dir, 'missing.npz');
    const r = await bv(['train', '--config', `configs/transfer.py:runlocal,steps=2,init=${missing}`, '--workdir', path.join(dir, 'never')], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^configs/transfer\\.py:\\d+:\\d+: config\\.model_init: model_init '${missing.replace(/[.]/g, '\\.')}' was not found`, 'm'));
    assert.ok(!fs.existsSync(path.join(dir, 'never')), 'nothing written');
  });
});
