/**
 * The `:runlocal` variants of configs/mlp_mixer_i1k.py and configs/bit_i1k.py train in the bundled trainer on the
 * MNIST digits of `bv data prepare mnist`: each config is evaluated by the config engine as `bv train` does, checked
 * (no problem of any kind; the ImageNet variants have no error or warning either), cut to 20 steps, and trained on
 * wasm; the metrics file then holds finite training losses and a test accuracy, and the trainer built the model
 * with the parameter count the config's shape gives.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../runtime/src/cli/check';
import { ConfigEngine, type JsonValue } from '../../runtime/src/config';
import { prepareMnist } from '../../runtime/src/data/mnist';
import { parseMetricsFile } from '../../runtime/src/metrics/contract';
import { train } from '../../runtime/src/train';

const REPO = path.resolve(__dirname, '..', '..');
type Json = { [key: string]: JsonValue };

/** The config as `bv train FILE:runlocal` evaluates it. */
async function evaluate(file: string, arg: string): Promise<Json> {
  const engine = new ConfigEngine({ timeoutMs: 20_000 });
  try {
    const result = await engine.evaluate({ file, arg });
    assert.ok(result.ok, `${file}:${arg}: ${JSON.stringify(!result.ok && result.error)}`);
    return result.config as Json;
  } finally {
    await engine.dispose();
  }
}

/** 20 steps (5 of warmup), reading MNIST from `dataDir`, the test eval on 256 digits at the last step. */
function twentySteps(config: Json, dataDir: string): Json {
  const c = JSON.parse(JSON.stringify(config)) as Json & { input: Json & { data: Json }; schedule: Json; evals: Record<string, Json & { data: Json }> };
  delete c.total_epochs;
  c.total_steps = 20;
  c.schedule.warmup_steps = 5;
  c.log_training_steps = 5;
  c.ckpt_steps = 20;
  c.input.data.data_dir = dataDir;
  for (const ev of Object.values(c.evals)) {
    ev.data.data_dir = dataDir;
    ev.data.split = 'test[:256]';
    ev.log_steps = 20;
  }
  return c;
}

const CASES: readonly { file: string; numParams: number }[] = [
  // stem 7·7·64+64, 4 × (2 LN + token MLP 16↔32 + channel MLP 64↔256), LN, head 64·10+10.
  { file: 'configs/mlp_mixer_i1k.py', numParams: 49 * 64 + 64 + 4 * (4 * 64 + 2 * 16 * 32 + 32 + 16 + 2 * 64 * 256 + 256 + 64) + 128 + 650 },
  // BiT v1, depth [1, 1, 1], width 0.5, on 1 channel: root 7·7·32 + GN; per stage one bottleneck unit (1x1,
  // 3x3, 1x1 convs with GNs, and a projection with its GN), 32·2^s mid channels, 4x that out; head 512·10 + 10.
  { file: 'configs/bit_i1k.py', numParams: 500_714 },
];

describe('bv train: the runlocal variants of mlp_mixer_i1k and bit_i1k on MNIST (integration)', function () {
  this.timeout(900_000);
  let dir: string;
  let dataDir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-runlocal-'));
    dataDir = path.join(dir, 'tfds');
    await prepareMnist({ dataDir });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const { file, numParams } of CASES) {
    it(`${file}:runlocal checks clean and trains 20 steps, writing metrics`, async () => {
      const abs = path.join(REPO, file);
      const problems = await runCheck([{ file: abs, arg: 'runlocal' }], { tfdsDataDir: dataDir });
      assert.deepEqual(problems.map((p) => `${p.severity} ${p.code} ${p.message}`), [], 'runlocal: no problem at all');
      const full = await runCheck([{ file: abs, arg: undefined }], { tfdsDataDir: dataDir });
      assert.deepEqual(full.filter((p) => p.severity !== 'information').map((p) => `${p.severity} ${p.code} ${p.message}`), [], 'the ImageNet run: no error or warning');

      const workdir = path.join(dir, path.basename(file, '.py'));
      const result = await train({ config: twentySteps(await evaluate(abs, 'runlocal'), dataDir), workdir, backend: 'wasm' });
      assert.equal(result.step, 20);
      const metrics = parseMetricsFile(fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8'));
      const losses = metrics.filter((m) => m.training_loss !== undefined);
      const steps = losses.map((m) => m.step);
      for (const s of [5, 10, 15, 20]) assert.ok(steps.includes(s), `training metrics at step ${s}: logged at ${steps.join(', ')}`);
      for (const m of losses) assert.ok(Number.isFinite(m.training_loss) && Number.isFinite(m.l2_grads) && (m.l2_grads as number) > 0, `step ${m.step}: ${JSON.stringify(m)}`);
      assert.equal(result.last.get('num_params'), numParams, 'the model the trainer built');
      const accuracy = metrics.find((m) => m.step === 20 && m['test/prec@1'] !== undefined)?.['test/prec@1'];
      assert.ok(typeof accuracy === 'number' && accuracy >= 0 && accuracy <= 1, `test/prec@1 at step 20: ${accuracy}`);
      assert.ok(fs.existsSync(path.join(workdir, 'checkpoint.bv-LAST')), 'a checkpoint at the end');
    });
  }
});
