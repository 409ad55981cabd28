// `npm run bench -- train`: training throughput of the bundled trainer against
// PyTorch on the CPU, in one run. The model is a ViT with width 192, depth 12,
// 3 heads, MLP 768, patch 4 on 32×32 images, batch 32, one step = forward +
// backward + scale_by_adam update, through the same model, loss and
// optimizer code `bv train` uses. Both engines run single-threaded (tfjs-wasm
// cannot use threads in Node; PyTorch gets torch.set_num_threads(1) and
// OMP_NUM_THREADS=1). PyTorch runs before and after tfjs and the two are
// averaged, because on a shared machine the load drifts; both are also
// reported per CPU-second of the process, which other load barely moves.
//
// Environment: BENCH_BACKEND (auto|wasm|cpu|tensorflow|cuda, default auto),
// BENCH_STEPS (timed steps, default 8), BENCH_PYTHON (default /usr/bin/python3).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createModel } from '../runtime/src/models/vit';
import type { Params } from '../runtime/src/models/types';
import { sigmoidXent } from '../runtime/src/optim/losses';
import { makeOptimizer } from '../runtime/src/optim/optimizer';
import { selectBackend } from '../runtime/src/tf/backend';

const BATCH = 32;
const STEPS = Number(process.env.BENCH_STEPS ?? 8);
const WARMUP = 2;
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Throughput {
  /** From the median wall-clock step. */
  median: number;
  best: number;
  /** From the process's CPU time per step: what an idle core would take, robust to other load. */
  cpu: number;
}

async function tfjsImgPerSec(): Promise<Throughput & { backend: string }> {
  const active = await selectBackend(process.env.BENCH_BACKEND ?? 'auto');
  const model = createModel({ width: 192, depth: 12, num_heads: 3, mlp_dim: 768, patch_size: [4, 4] }, 10);
  let params: Params = model.init(0, [32, 32, 3]);
  const names = Object.keys(params);
  const optimizer = makeOptimizer({ optaxName: 'scale_by_adam', optax: {}, lr: 1e-3, wd: 0, wdMults: [], lrMults: null, gradClipNorm: 0, schedule: {} }, params, { totalSteps: 1000, batchSize: BATCH });
  const images = tf.randomNormal([BATCH, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10).toFloat();
  const step = (): number => {
    const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => {
      const p: Params = {};
      names.forEach((n, i) => (p[n] = ts[i]));
      return sigmoidXent(model.apply(p, images, { train: true }).logits, labels) as tf.Scalar;
    })(names.map((n) => params[n]));
    const g: Params = {};
    names.forEach((n, i) => (g[n] = grads[i]));
    const next = optimizer.update(g, params);
    const loss = value.dataSync()[0];
    tf.dispose([value, grads, Object.values(next.updates), Object.values(params).filter((t) => !Object.values(next.params).includes(t))]);
    params = next.params;
    return loss;
  };
  for (let i = 0; i < WARMUP; i++) step();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    const loss = step();
    times.push((performance.now() - t0) / 1000);
    if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at step ${i}`);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuPerStep = (cpu.user + cpu.system) / 1e6 / STEPS;
  return { median: BATCH / median(times), best: BATCH / Math.min(...times), cpu: BATCH / cpuPerStep, backend: active.description };
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

function torchImgPerSec(): { value?: Throughput; version?: string; why?: string; coreType?: string } {
  if (!fs.existsSync(PYTHON)) return { why: `${PYTHON} not found` };
  const coreType = openblasCoreType();
  const r = spawnSync(PYTHON, [path.join(__dirname, 'torch_vit.py'), '--threads', '1', '--steps', String(STEPS), '--batch', String(BATCH)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ...(coreType ? { OPENBLAS_CORETYPE: coreType } : {}) },
  });
  if (r.status !== 0) return { why: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-1)[0] };
  const out = JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]) as { img_per_s: number; best_img_per_s: number; cpu_img_per_s: number; torch: string };
  return { value: { median: out.img_per_s, best: out.best_img_per_s, cpu: out.cpu_img_per_s }, version: out.torch, coreType };
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

async function main(): Promise<void> {
  const speedBefore = calibrate();
  console.log(`ViT width 192, depth 12, heads 3, mlp 768, 32x32, patch 4, batch ${BATCH}; fwd+bwd+scale_by_adam; ${STEPS} timed steps after ${WARMUP}; 1 thread each`);
  const before = torchImgPerSec();
  const ours = await tfjsImgPerSec();
  console.log(`tfjs ${ours.backend}: ${ours.median.toFixed(2)} img/s wall (median step; best ${ours.best.toFixed(2)}), ${ours.cpu.toFixed(2)} img/s per CPU-second`);
  const after = before.value === undefined ? before : torchImgPerSec();
  if (before.value === undefined || after.value === undefined) {
    console.log(`PyTorch: skipped (${before.why ?? after.why}); install with: apt-get install python3-torch libopenblas0-pthread. No ratio.`);
    return;
  }
  const mean = (k: keyof Throughput): number => ((before.value as Throughput)[k] + (after.value as Throughput)[k]) / 2;
  console.log(
    `PyTorch ${before.version} CPU, 1 thread, OpenBLAS ${before.coreType ?? "auto"} kernels: ${mean('median').toFixed(2)} img/s wall (before ${before.value.median.toFixed(2)}, after ${after.value.median.toFixed(2)}), ` +
      `${mean('cpu').toFixed(2)} img/s per CPU-second`,
  );
  console.log(`ratio tfjs/PyTorch: ${(ours.median / mean('median')).toFixed(3)} wall-clock, ${(ours.cpu / mean('cpu')).toFixed(3)} by CPU time (target >= 0.5)`);
  const load = os.loadavg()[0];
  const speed = (speedBefore + calibrate()) / 2;
  console.log(`machine: load average ${load.toFixed(1)} on ${os.cpus().length} cores; a fixed JS loop took ${speed.toFixed(1)} ns/iteration (about 1 when idle)`);
  if (load > os.cpus().length || speed > 2) console.log('note: the machine is contended; absolute figures are low and the ratio is only indicative (prefer the CPU-time one)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
