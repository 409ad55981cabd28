/**
 * `bv data prepare mnist && bv train --config configs/mnist_vit.py --workdir W` reaches >= 95% test prec@1 within
 * 2 minutes on the project's 2-core machine (`bv train` uses a data-parallel worker per core by default). Builds the
 * CLI first (not timed), then runs both commands as a user does, through bin/bv.js (TFDS_DATA_DIR and the workdir
 * in a fresh temp folder), then reads the metrics
 * file and prints the time of each command, the final `test/prec@1` and the training speed. Exits 1 when either
 * target is missed. `MNIST_CONFIG=FILE[:ARG]` trains another config (e.g. a candidate change of
 * configs/mnist_vit.py).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMetricsFile } from '../runtime/src/metrics/contract';

const ROOT = path.resolve(__dirname, '..');
const TARGET_ACC = 0.95;
const TARGET_SECONDS = 120;

/** Runs `bv ARGS...` (the built CLI); resolves with the exit code and seconds taken. */
function bv(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; seconds: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'bv.js'), ...args], { cwd: ROOT, env, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, seconds: (performance.now() - t0) / 1000 })));
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-bench-mnist-'));
  const env = { ...process.env, TFDS_DATA_DIR: path.join(dir, 'tfds') };
  const workdir = path.join(dir, 'w');
  const config = process.env.MNIST_CONFIG || 'configs/mnist_vit.py';
  try {
    if (spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
    const prep = await bv(['data', 'prepare', 'mnist'], env);
    if (prep.code !== 0) throw new Error(`bv data prepare mnist failed (exit ${prep.code})`);
    const run = await bv(['train', '--config', config, '--workdir', workdir], env);
    if (run.code !== 0) throw new Error(`bv train failed (exit ${run.code})`);
    const recs = parseMetricsFile(fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8'));
    const evals = recs.filter((r) => typeof r['test/prec@1'] === 'number');
    const final = evals[evals.length - 1];
    if (!final) throw new Error('no test/prec@1 in the metrics file');
    const speeds = recs.map((r) => r['img/sec/core']).filter((v): v is number => typeof v === 'number');
    const median = speeds.sort((a, b) => a - b)[Math.floor(speeds.length / 2)] ?? NaN;
    const total = prep.seconds + run.seconds;
    const acc = final['test/prec@1'] as number;
    console.log(`bv data prepare mnist: ${prep.seconds.toFixed(1)} s`);
    console.log(`bv train: ${run.seconds.toFixed(1)} s for ${final.step} steps (median ${median.toFixed(0)} img/s; evals ${evals.map((e) => `step ${e.step}: ${((e['test/prec@1'] as number) * 100).toFixed(2)}%`).join(', ')})`);
    console.log(`machine: load averages ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1, 5, 15 min) on ${os.availableParallelism()} cores`);
    console.log(`total ${total.toFixed(1)} s, target <= ${TARGET_SECONDS} s ${total <= TARGET_SECONDS ? 'PASS' : 'MISS'}`);
    console.log(`test/prec@1 ${(acc * 100).toFixed(2)}%, target >= ${TARGET_ACC * 100}% ${acc >= TARGET_ACC ? 'PASS' : 'MISS'}`);
    if (total > TARGET_SECONDS || acc < TARGET_ACC) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench mnist: ${err.message}`);
  process.exitCode = 1;
});
