// `npm run bench -- train`: training throughput of the bundled trainer against PyTorch on the CPU, like for like,
// in one run: tfjs with N data-parallel workers (`bv train --workers N`) against PyTorch with N threads, for N = 1
// and N = every core. The model is a ViT with width 192, depth 12, 3 heads, MLP 768, patch 4 on 32×32 images,
// global batch 32, one step = forward + backward + scale_by_adam update, through the same config resolution,
// model, loss, optimizer and parallel step code `bv train` uses. For each N, PyTorch runs before and after tfjs
// and the two are averaged, because on a shared machine the load drifts; both are also reported per CPU-second of
// the process (all its threads), which other load moves less. Load averages are printed beside every number.
//
// Prints, per N: both img/s and the ratio; then the scaling from 1 to N of each engine, against the targets
// (tfjs scaling >= 1.7x on 2 cores, ratio >= 0.5 at equal threads).
//
// Environment: BENCH_BACKEND (wasm|cpu|tensorflow, default wasm), BENCH_STEPS (timed steps, default 6),
// BENCH_WORKERS (the N beside 1, default every core), BENCH_PYTHON (default /usr/bin/python3).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonValue } from '../runtime/src/config/protocol';
import { float32, type HostData } from '../runtime/src/data/hostTensor';
import { RawBatch } from '../runtime/src/data/pipeline';
import type { Params } from '../runtime/src/models/types';
import { makeOptimizer } from '../runtime/src/optim/optimizer';
import { selectBackend, type ActiveBackend } from '../runtime/src/tf/backend';
import { preprocessAt } from '../runtime/src/train/data';
import { batchLoss } from '../runtime/src/train/losses';
import { modelFromConfig } from '../runtime/src/train/model';
import { ParallelSteps } from '../runtime/src/train/parallel/parallelSteps';
import { resolveTrainConfig } from '../runtime/src/train/trainConfig';
import { updateStep, type UpdateContext } from '../runtime/src/train/update';
import * as tf from '@tensorflow/tfjs';

const BATCH = 32;
const STEPS = Number(process.env.BENCH_STEPS ?? 6);
const WARMUP = 2;
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const CORES = os.availableParallelism();
const MANY = Number(process.env.BENCH_WORKERS ?? CORES);

/** The bench model as a big_vision config, resolved as `bv train` resolves it (workers rebuild it from this). */
const CONFIG: { [key: string]: JsonValue } = {
  seed: 0,
  total_steps: 1000,
  num_classes: 10,
  loss: 'sigmoid_xent',
  input: { data: { name: 'bench', split: 'train' }, batch_size: BATCH, pp: 'keep("image", "labels")' },
  log_training_steps: 10,
  model_name: 'vit',
  model: { width: 192, depth: 12, num_heads: 3, mlp_dim: 768, patch_size: [4, 4] },
  optax_name: 'scale_by_adam',
  lr: 1e-3,
  wd: 0,
  schedule: { decay_type: 'cosine' },
};

interface Throughput {
  /** From the median wall-clock step. */
  median: number;
  /** From the process's CPU time (all threads) per step: what idle cores would take, robust to other load. */
  cpu: number;
  /** 1-minute load average when the measurement ended. */
  load: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** A fixed batch: normal images (a seeded LCG with Box-Muller) and one-hot labels. */
function benchBatch(): HostData {
  const images = new Float32Array(BATCH * 32 * 32 * 3);
  let s = 12345;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  for (let i = 0; i < images.length; i++) images[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const labels = new Float32Array(BATCH * 10);
  for (let i = 0; i < BATCH; i++) labels[i * 10 + (i % 10)] = 1;
  return { image: float32([BATCH, 32, 32, 3], images), labels: float32([BATCH, 10], labels) };
}

async function tfjsImgPerSec(workers: number, active: ActiveBackend): Promise<Throughput> {
  const cfg = resolveTrainConfig(CONFIG);
  const model = modelFromConfig(cfg.model);
  let params: Params = model.init(cfg.seed, [32, 32, 3]);
  const durations = { dataSize: 1e6, batchSize: BATCH, totalSteps: 1000 };
  const optimizer = makeOptimizer(cfg.optimizer, params, durations);
  const ctx: UpdateContext = { model, optimizer, loss: batchLoss(cfg.loss), seed: cfg.seed };
  const pool = workers > 1 ? await ParallelSteps.start({ workers, config: CONFIG, backend: active.name, imageShape: [32, 32, 3], durations, params, optState: optimizer.state() }) : undefined;
  const batch = benchBatch();
  // The workers preprocess their rows with the config's pp (keep): the same batch, one example a row.
  const rows = Array.from({ length: BATCH }, (_, r) => ({
    image: float32([32, 32, 3], (batch.image.data as Float32Array).slice(r * 32 * 32 * 3, (r + 1) * 32 * 32 * 3)),
    labels: float32([10], (batch.labels.data as Float32Array).slice(r * 10, (r + 1) * 10)),
  }));
  const raw = new RawBatch(rows, rows.map(() => 0), rows.map((_, r) => `bench row ${r}`));
  const keep = preprocessAt(cfg.input.pp, ['input', 'pp']);
  try {
    const step = async (i: number): Promise<number> => {
      const r = pool ? await pool.run(ctx, params, raw, i, keep) : updateStep(ctx, params, batch, i);
      params = r.params;
      return r.measurements.training_loss;
    };
    for (let i = 1; i <= WARMUP; i++) await step(i);
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < STEPS; i++) {
      const t0 = performance.now();
      const loss = await step(WARMUP + 1 + i);
      times.push((performance.now() - t0) / 1000);
      if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at step ${i}`);
    }
    const cpu = process.cpuUsage(cpu0);
    return { median: BATCH / median(times), cpu: BATCH / ((cpu.user + cpu.system) / 1e6 / STEPS), load: os.loadavg()[0] };
  } finally {
    await pool?.close();
    tf.dispose(Object.values(params));
    optimizer.dispose();
  }
}

/** OpenBLAS kernels for this CPU. OpenBLAS 0.3.21 does not recognise virtual CPUs that report a generic model
 * name and then runs its generic kernel (~18 GFLOP/s instead of ~130 with AVX-512 here): a baseline must get the
 * kernel the hardware supports, unless the caller chose one. */
function openblasCoreType(): string | undefined {
  if (process.env.OPENBLAS_CORETYPE) return process.env.OPENBLAS_CORETYPE;
  const flags = fs.existsSync('/proc/cpuinfo') ? (/^flags\s*:(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '') : '';
  const has = (f: string) => flags.split(/\s+/).includes(f);
  if (has('avx512f')) return 'SkylakeX';
  if (has('avx2')) return 'Haswell';
  return undefined;
}

type TorchResult = { value: Throughput; version: string } | { why: string };

function torchImgPerSec(threads: number): TorchResult {
  if (!fs.existsSync(PYTHON)) return { why: `${PYTHON} not found` };
  const coreType = openblasCoreType();
  const n = String(threads);
  const r = spawnSync(PYTHON, [path.join(__dirname, 'torch_vit.py'), '--threads', n, '--steps', String(STEPS), '--batch', String(BATCH)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, ...(coreType ? { OPENBLAS_CORETYPE: coreType } : {}) },
  });
  if (r.status !== 0) return { why: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-1)[0] };
  const out = JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]) as { img_per_s: number; cpu_img_per_s: number; torch: string };
  return { value: { median: out.img_per_s, cpu: out.cpu_img_per_s, load: os.loadavg()[0] }, version: out.torch };
}

/** ns per iteration of a fixed JS loop: ~1 on an idle core; much more means the machine is contended. */
function calibrate(): number {
  const n = 2e7;
  const c0 = process.cpuUsage();
  let acc = 0;
  for (let i = 0; i < n; i++) acc += i * 0.5;
  const c = process.cpuUsage(c0);
  return acc > 0 ? ((c.user + c.system) * 1e3) / n : NaN;
}

const loads = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (t: Throughput) => `${t.median.toFixed(2)} img/s wall, ${t.cpu.toFixed(2)} per CPU-second (load ${t.load.toFixed(1)})`;

interface Row {
  n: number;
  tfjs: Throughput;
  torch?: Throughput;
}

async function main(): Promise<void> {
  const active = await selectBackend(process.env.BENCH_BACKEND ?? 'wasm');
  console.log(`ViT width 192, depth 12, heads 3, mlp 768, 32x32, patch 4, global batch ${BATCH}; fwd+bwd+scale_by_adam; ${STEPS} timed steps after ${WARMUP}`);
  console.log(`machine: ${CORES} cores, load averages ${loads()} (1, 5, 15 min); a fixed JS loop takes ${calibrate().toFixed(1)} ns/iteration (about 1 when idle)`);
  const rows: Row[] = [];
  let torchVersion: string | undefined;
  let torchWhy: string | undefined;
  for (const n of [...new Set([1, MANY])]) {
    const before = torchImgPerSec(n);
    const ours = await tfjsImgPerSec(n, active);
    console.log(`N=${n}: tfjs ${active.description}, ${n} worker${n > 1 ? 's' : ''}: ${fmt(ours)}`);
    const after = 'value' in before ? torchImgPerSec(n) : before;
    if (!('value' in before) || !('value' in after)) {
      torchWhy = 'why' in before ? before.why : (after as { why: string }).why;
      rows.push({ n, tfjs: ours });
      continue;
    }
    torchVersion = before.version;
    const torch: Throughput = { median: (before.value.median + after.value.median) / 2, cpu: (before.value.cpu + after.value.cpu) / 2, load: after.value.load };
    console.log(`N=${n}: PyTorch ${before.version} CPU, ${n} thread${n > 1 ? 's' : ''} (OpenBLAS ${openblasCoreType() ?? 'auto'}): ${fmt(torch)} (before ${before.value.median.toFixed(2)}, after ${after.value.median.toFixed(2)} img/s)`);
    console.log(`N=${n}: ratio tfjs/PyTorch ${(ours.median / torch.median).toFixed(3)} wall-clock, ${(ours.cpu / torch.cpu).toFixed(3)} by CPU time`);
    rows.push({ n, tfjs: ours, torch });
  }
  console.log('--- summary');
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (last.n > 1) {
    const scaling = last.tfjs.median / first.tfjs.median;
    const target = last.n === 2 ? 1.7 : undefined;
    console.log(`scaling 1 -> ${last.n} workers: tfjs ${scaling.toFixed(2)}x${target ? ` (target >= ${target}: ${scaling >= target ? 'PASS' : 'MISS'})` : ''}` + (first.torch && last.torch ? `, PyTorch 1 -> ${last.n} threads ${(last.torch.median / first.torch.median).toFixed(2)}x` : ''));
    // What idle cores would give: N times the work per CPU-second kept with N workers (their overhead, not the load).
    console.log(`scaling by CPU time (N x img per CPU-second at N / at 1, what ${last.n} idle cores would give): tfjs ${((last.n * last.tfjs.cpu) / first.tfjs.cpu).toFixed(2)}x`);
  }
  if (!torchVersion) console.log(`PyTorch: skipped (${torchWhy}); install with: apt-get install python3-torch libopenblas0-pthread. No ratio.`);
  for (const r of rows) {
    if (!r.torch) continue;
    const ratio = r.tfjs.median / r.torch.median;
    console.log(`ratio at ${r.n} thread${r.n > 1 ? 's' : ''}: ${ratio.toFixed(3)} wall-clock, ${(r.tfjs.cpu / r.torch.cpu).toFixed(3)} by CPU time (target >= 0.5: ${ratio >= 0.5 ? 'PASS' : 'MISS'})`);
  }
  const speed = calibrate();
  console.log(`machine at the end: load averages ${loads()}; a fixed JS loop takes ${speed.toFixed(1)} ns/iteration`);
  if (os.loadavg()[0] > CORES || speed > 2) console.log('note: the machine is contended (load above the core count): wall-clock figures and the scaling are depressed; prefer the CPU-time ratios');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
