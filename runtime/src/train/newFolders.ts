/**
 * The folders a workdir check is about to make, so that a run that then fails at start (missing dataset, bad
 * split) can take them away again and leave no empty workdir behind. The workdir is made by the check, before any
 * data is read, and stays for the whole run: a view watching for it never sees it come and go.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folders from `dir` up to (not including) its first existing ancestor, deepest first. */
export function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  return missing;
}

/** Removes `folders` (deepest first) while they are empty; stops at the first that is not (or is gone). */
export function removeEmptyFolders(folders: readonly string[]): void {
  for (const dir of folders) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return;
    }
  }
}
