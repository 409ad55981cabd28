/**
 * `bv runs list [DIR...] [--json]`: every run found below the folders (default `./runs`), with its status,
 * progress and last metrics. `--json` prints one object a line:
 * `{"workdir", "status", "engine", "config", "arg", "step", "total_steps", "started", "ended", "last", ...}`.
 * Folders that cannot be read, and unreadable parts of a run, are reported on stderr with their paths; the other
 * runs are listed anyway.
 */
import * as path from 'node:path';
import { findRuns } from '../runs/discover';
import { summarizeRun, summaryJson, type RunSummary } from '../runs/summary';
import { callerDir } from './configFlags';

export interface RunsListOptions {
  json?: boolean;
  tfdsDataDir?: string;
}

/** The metrics a text line shows: the training loss and the first eval's precision or loss. */
function highlights(last: Record<string, number>): string {
  const names = Object.keys(last);
  const pick = ['training_loss', names.find((n) => /\/prec@1$/.test(n)) ?? names.find((n) => /\/loss$/.test(n))].filter((n): n is string => !!n && n in last);
  return pick.map((n) => `${n}=${Number(last[n].toPrecision(4))}`).join(' ');
}

function textLine(s: RunSummary, cwd: string): string {
  const progress = s.step === null ? '-' : `${s.step}/${s.total_steps ?? '?'}`;
  const where = path.relative(cwd, s.workdir) || '.';
  return [s.status.padEnd(11), progress.padStart(13), (s.engine ?? '-').padEnd(10), where, highlights(s.last)].join('  ').trimEnd();
}

export async function runsListCommand(dirs: string[], opts: RunsListOptions): Promise<number> {
  const cwd = callerDir();
  const named = dirs.length > 0;
  const roots = (named ? dirs : ['runs']).map((d) => path.resolve(cwd, d));
  const found = findRuns(roots, { missingRootsOk: !named });
  for (const p of found.problems) process.stderr.write(`bv runs list: ${p.message}\n`);
  const tfdsDataDir = opts.tfdsDataDir && path.resolve(cwd, opts.tfdsDataDir);
  const summaries = found.workdirs.map((w) => summarizeRun(w, { tfdsDataDir }));
  for (const s of summaries) {
    process.stdout.write(`${opts.json ? summaryJson(s) : textLine(s, cwd)}\n`);
    for (const p of s.problems) process.stderr.write(`bv runs list: ${p}\n`);
  }
  if (!opts.json && !summaries.length && !found.problems.length) process.stderr.write(`bv runs list: no runs below ${roots.map((r) => path.relative(cwd, r) || '.').join(', ')}\n`);
  return found.problems.some((p) => roots.includes(p.path)) ? 1 : 0;
}
