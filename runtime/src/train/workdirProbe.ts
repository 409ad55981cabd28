/**
 * Checking a workdir before a run reads any data, without leaving anything behind: the runs' workdir check makes
 * the folder and writes to it, so the folders it made are removed again right after. A run that then fails at
 * start (missing dataset, bad split) leaves no empty workdir; the trainer makes it for real once its data is open.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkdir } from '../runs/workdir';

/** The folders from `dir` up to (not including) its first existing ancestor, deepest first. */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  return missing;
}

/** The problem `checkWorkdir` finds with `workdir` (one line naming it), or undefined; leaves no new folder. */
export function probeWorkdir(workdir: string): string | undefined {
  const made = missingFolders(workdir);
  const problem = checkWorkdir(workdir);
  for (const dir of made) {
    try {
      fs.rmdirSync(dir); // only ever empty: the check's probe file is gone
    } catch {
      break; // not made by the check, or no longer empty
    }
  }
  return problem;
}
