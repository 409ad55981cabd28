/**
 * `npm run bench -- tpu`: how the launcher's fan-out scales with the number of workers. On the fake Cloud TPU
 * (real OpenSSH workers on loopback), `bv tpu run` (big_vision engine with the stand-in trainer, the workers'
 * Python used as it is) is timed from the node being ready to the run started on every worker: connecting,
 * bootstrapping, the preflight, the workdir and the start, all fanned out. Cold: a fresh node (everything uploaded);
 * warm: the same node again (the idempotent bootstrap finds everything in place). Median of 3 for 1 and 8 workers.
 * Target: 8 workers take at most 1.5 times as long as 1. Needs the build and openssh-server.
 *
 * All workers share this machine's cores here, so their remote work (sha256sum, python start-up) competes for CPU,
 * which real TPU VMs do not; the load average is printed with the numbers.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeTpu } from '../test/fake-tpu/fakeTpu';

const ROOT = path.resolve(__dirname, '..');
const BV = path.join(ROOT, 'bin', 'bv.js');
const TARGET = 1.5;
const REPEAT = 3;

/** Seconds from the node being ready to the run started on every worker, read from the launcher's own lines. */
function fanOutSeconds(fake: FakeTpu, node: string, type: string, config: string, workdir: string, extra: string[]): Promise<number> {
  const args = ['tpu', 'run', node, '--accelerator-type', type, '--engine', 'big_vision', '--checkout', path.join(ROOT, 'test/fixtures/tpu_checkout'), '--python', '/usr/bin/python3', '--config', `${config}:steps=1,step_s=0`, '--workdir', workdir, ...fake.flags(), ...extra];
  const child = spawn(process.execPath, [BV, ...args], { cwd: ROOT, env: { ...process.env, ...fake.env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let ready = 0;
  let started = 0;
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    const text = d.toString();
    out += text;
    const now = performance.now();
    if (!ready && /bv tpu: (using node|node \S+ created)/.test(out)) ready = now;
    if (!started && /bv tpu: started on /.test(out)) started = now;
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 && ready && started ? resolve((started - ready) / 1000) : reject(new Error(`bv tpu run exited ${code}:\n${out}`)))),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const fake = await FakeTpu.start({ createMs: 50, deleteMs: 50 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-bench-tpu-'));
  const config = path.join(dir, 'standin.py');
  fs.writeFileSync(config, 'import ml_collections\n\ndef get_config(arg=None):\n  return ml_collections.ConfigDict({"arg": arg or ""})\n');
  const results: Record<number, { cold: number; warm: number }> = {};
  try {
    for (const [workers, type] of [[1, 'v4-8'], [8, 'v4-64']] as const) {
      const cold: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < REPEAT; i++) {
        const node = `bench-${workers}-${i}`;
        cold.push(await fanOutSeconds(fake, node, type, config, path.join(dir, `${node}-a`), []));
        warm.push(await fanOutSeconds(fake, node, type, config, path.join(dir, `${node}-b`), ['--delete-after']));
      }
      results[workers] = { cold: median(cold), warm: median(warm) };
      console.log(`  ${workers} worker${workers > 1 ? 's' : ' '}  cold ${results[workers].cold.toFixed(2)} s (${cold.map((x) => x.toFixed(2)).join(', ')})  warm ${results[workers].warm.toFixed(2)} s (${warm.map((x) => x.toFixed(2)).join(', ')})`);
    }
  } finally {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  let missed = false;
  for (const kind of ['cold', 'warm'] as const) {
    const ratio = results[8][kind] / results[1][kind];
    const pass = ratio <= TARGET;
    missed ||= !pass;
    console.log(`fan-out ${kind}: 8 workers ${results[8][kind].toFixed(2)} s vs 1 worker ${results[1][kind].toFixed(2)} s = ${ratio.toFixed(2)}× ${pass ? 'PASS' : 'MISS'} (target ≤ ${TARGET}×)`);
  }
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  process.exitCode = missed ? 1 : 0;
}

void main();
