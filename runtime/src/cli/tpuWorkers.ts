/**
 * `bv tpu ssh|logs|stop`: the worker side of `bv tpu`, over the same pinned SSH connections as `bv tpu run`.
 * - `ssh NODE [--worker N|all] [COMMAND...]`: an interactive shell on a worker, or a command (on every worker with
 *   `--worker all`, each line prefixed with its worker);
 * - `logs NODE [--run RUN] [--worker N] [--follow]`: a run's output on a worker (default: the latest run);
 * - `stop NODE [--run RUN]`: stops our runs on every worker by their process groups (the trainer finishes its step
 *   and checkpoints first), also when no launcher follows them any more.
 */
import { remoteLayout } from '../launch/remoteLayout';
import { stopOnWorker } from '../launch/remoteRun';
import { STOP_GRACEFULLY } from '../launch/runScripts';
import { fanOutSettled } from '../launch/ssh/fanout';
import { shellQuote, type SshSession } from '../launch/ssh/session';
import { WorkerSet } from '../launch/workerSet';
import { tpuContext, type TpuCommonOptions, type TpuContext } from './tpuContext';

async function workersOf(ctx: TpuContext, name: string): Promise<WorkerSet> {
  const node = await ctx.provider.getNode(ctx.at, name);
  if (!node) throw new Error(`no node ${name} in ${ctx.at.project}/${ctx.at.zone} (bv tpu list shows the zone's nodes)`);
  if (node.state !== 'READY') throw new Error(`node ${name} is ${node.state}, not READY`);
  return new WorkerSet(node, ctx.ssh);
}

function workerIndex(value: string | undefined, size: number): number {
  const i = Number(value ?? 0);
  if (!Number.isInteger(i) || i < 0 || i >= size) throw new Error(`--worker ${value}: the node has workers 0 to ${size - 1} (or all)`);
  return i;
}

/** An interactive shell on the local terminal. */
async function interactive(s: SshSession): Promise<number> {
  const stdin = process.stdin;
  const ch = await s.shell({ rows: process.stdout.rows || 24, cols: process.stdout.columns || 80, term: process.env.TERM || 'xterm-256color' });
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.pipe(ch);
  ch.pipe(process.stdout);
  ch.stderr.pipe(process.stderr);
  const resize = () => ch.setWindow(process.stdout.rows, process.stdout.columns, 0, 0);
  process.stdout.on('resize', resize);
  const code = await new Promise<number>((resolve) => {
    let exit = 0;
    ch.on('exit', (c: number | null) => (exit = c ?? 0));
    ch.on('close', () => resolve(exit));
  });
  process.stdout.off('resize', resize);
  stdin.unpipe(ch);
  if (stdin.isTTY) stdin.setRawMode(false);
  stdin.pause();
  return code;
}

export async function tpuSshCommand(name: string, command: string[], o: TpuCommonOptions & { worker?: string }): Promise<number> {
  const ctx = await tpuContext(o);
  const set = await workersOf(ctx, name).finally(() => ctx.provider.close());
  try {
    if (o.worker === 'all') {
      if (!command.length) throw new Error('--worker all runs a command on every worker: give the command');
      const script = command.join(' ');
      const results = await fanOutSettled(set.node.workers, ctx.ssh.concurrency, async (w) => {
        const s = await set.connect(w.index);
        let pending = '';
        const r = await s.exec(script, (text) => {
          pending += text;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const l of lines) process.stdout.write(`[worker ${w.index}] ${l}\n`);
        });
        if (pending) process.stdout.write(`[worker ${w.index}] ${pending}\n`);
        return r.code ?? 1;
      });
      const codes = results.map((r, i) => (r.status === 'fulfilled' ? r.value : (process.stderr.write(`worker ${i}: ${(r.reason as Error).message}\n`), 255)));
      return codes.find((c) => c !== 0) ?? 0;
    }
    const s = await set.connect(workerIndex(o.worker, set.size));
    if (!command.length) return await interactive(s);
    const r = await s.exec(command.join(' '), (text, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(text));
    return r.code ?? 255;
  } finally {
    set.close();
  }
}

export async function tpuLogsCommand(name: string, o: TpuCommonOptions & { worker?: string; run?: string; follow?: boolean }): Promise<number> {
  const ctx = await tpuContext(o);
  const set = await workersOf(ctx, name).finally(() => ctx.provider.close());
  try {
    const s = await set.connect(workerIndex(o.worker, set.size));
    const layout = remoteLayout((await s.run('echo "$HOME"')).trim());
    const run = o.run ?? (await s.run(`ls -t ${shellQuote(layout.control)} 2>/dev/null | head -n 1`)).trim();
    if (!run) throw new Error(`no run on ${s.label}: nothing was started there by Big Vision Studio`);
    const log = `${layout.control}/${run}/out.log`;
    const out = (text: string, stream: 'stdout' | 'stderr') => (stream === 'stdout' ? process.stdout : process.stderr).write(text);
    if (!o.follow) return (await s.exec(`cat ${shellQuote(log)}`, out)).code ?? 1;
    const f = s.follow(`exec tail -n +1 -F ${shellQuote(log)}`, out);
    const stop = () => f.stop();
    process.once('SIGINT', stop);
    await f.done;
    process.off('SIGINT', stop);
    return 0;
  } finally {
    set.close();
  }
}

export async function tpuStopCommand(name: string, o: TpuCommonOptions & { run?: string }): Promise<number> {
  const ctx = await tpuContext(o);
  const set = await workersOf(ctx, name).finally(() => ctx.provider.close());
  try {
    const results = await fanOutSettled(set.node.workers, ctx.ssh.concurrency, async (w) => {
      const s = await set.connect(w.index);
      const layout = remoteLayout((await s.run('echo "$HOME"')).trim());
      const runs = o.run ? [o.run] : (await s.run(`ls ${shellQuote(layout.control)} 2>/dev/null || true`)).split('\n').filter(Boolean);
      const said: string[] = [];
      for (const run of runs) {
        const r = await stopOnWorker(s, layout, run, STOP_GRACEFULLY);
        if (!/^(no run|not running)$/.test(r)) said.push(`${run}: ${r}`);
      }
      return said;
    });
    let failed = 0;
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        failed++;
        process.stderr.write(`bv tpu stop: worker ${i}: ${(r.reason as Error).message}\n`);
      } else for (const line of r.value) process.stdout.write(`worker ${i}: ${line}\n`);
    });
    if (results.every((r) => r.status === 'fulfilled' && !r.value.length)) process.stdout.write(`bv tpu stop: no run of ours was running on node ${name}\n`);
    return failed ? 1 : 0;
  } finally {
    set.close();
  }
}
