/**
 * Finds runs below folders: a run is a workdir, recognised by its run record (`bv_run.json`), its metrics file
 * (`big_vision_metrics.txt`), or upstream's `config.json` beside a `checkpoint.bv-*`. The walk does not enter a
 * run (checkpoints hold thousands of files) nor hidden folders and node_modules, and stops at a depth limit, so
 * a runs folder of sweeps (`runs/<sweep>/<run>`) is found but a home folder is not crawled. A folder that cannot
 * be read is reported with its path; the others are still listed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, METRICS_FILE } from '../metrics/contract';
import { RUN_RECORD_FILE } from './record';

export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface Discovery {
  /** Absolute workdirs, sorted. */
  workdirs: string[];
  problems: DiscoveryProblem[];
}

/** Whether the entries of a folder make it a run. */
export function looksLikeRun(names: readonly string[]): boolean {
  if (names.includes(RUN_RECORD_FILE) || names.includes(METRICS_FILE)) return true;
  return names.includes(CONFIG_FILE) && names.some((n) => n.startsWith('checkpoint.bv-'));
}

function explain(err: unknown, dir: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `no permission to read ${dir}; change its permissions (chmod u+rx) or remove it from the runs folders`;
  if (code === 'ENOENT') return `${dir} does not exist`;
  if (code === 'ENOTDIR') return `${dir} is a file, not a folder`;
  return `cannot read ${dir}: ${(err as Error).message}`;
}

/** Every run at or below each of `roots` (a root may itself be a run). */
/** `missingRootsOk`: a root that does not exist is an empty folder (a default runs folder not made yet). */
export function findRuns(roots: readonly string[], opts: { maxDepth?: number; missingRootsOk?: boolean } = {}): Discovery {
  const maxDepth = opts.maxDepth ?? 4;
  const found = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const walk = (dir: string, depth: number, isRoot: boolean) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (!(isRoot && opts.missingRootsOk && (err as NodeJS.ErrnoException).code === 'ENOENT')) problems.push({ path: dir, message: explain(err, dir) });
      return;
    }
    if (looksLikeRun(entries.map((e) => e.name))) {
      found.add(dir);
      return;
    }
    if (depth >= maxDepth) return;
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules' || e.name.startsWith('checkpoint.bv-')) continue;
      walk(path.join(dir, e.name), depth + 1, false);
    }
  };
  for (const root of roots) walk(path.resolve(root), 0, true);
  return { workdirs: [...found].sort(), problems };
}
