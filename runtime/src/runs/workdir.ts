/**
 * Makes sure a workdir can hold a run before anything starts: created level by level (Node's recursive mkdir
 * loops forever on some paths, e.g. under /proc), a folder and writable (checked by writing a file, which also
 * catches read-only mounts that access() misses). The error names the path and what to do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function reason(err: unknown, where: string, workdir: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `the workdir ${workdir} cannot be written: no permission on ${where}; choose another --workdir or change the permissions`;
  if (code === 'EROFS') return `the workdir ${workdir} cannot be written: ${where} is on a read-only file system; choose another --workdir`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `the workdir ${workdir} cannot be made: ${where} is a file, not a folder; choose another --workdir`;
  if (code === 'ENOSPC') return `the workdir ${workdir} cannot be written: no space left on its device`;
  if (code === 'ENOENT') return `the workdir ${workdir} cannot be made under ${path.dirname(where)}: that folder does not accept new folders (a virtual file system such as /proc?); choose another --workdir`;
  return `the workdir ${workdir} cannot be used: ${(err as Error).message}`;
}

/** Creates `workdir` if needed and checks that it takes files; returns the problem as one line, or undefined. */
export function checkWorkdir(workdir: string): string | undefined {
  const missing: string[] = [];
  let existing = path.resolve(workdir);
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(existing);
    } catch (err) {
      // ENOTDIR: some level above is a file; walking up finds which, and the error names it.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return reason(err, existing, workdir);
    }
    if (st) {
      if (!st.isDirectory()) return reason(Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }), existing, workdir);
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return reason(err, dir, workdir);
    }
  }
  const probe = path.join(workdir, `.bv-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    return reason(err, workdir, workdir);
  }
  return undefined;
}
