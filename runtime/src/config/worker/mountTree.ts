/**
 * Copies a folder of Python sources into pyodide's in-memory filesystem (the engine's library, test suites).
 * Python code then reads only that copy, never the host's disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PyodideAPI } from 'pyodide';

export function mountTree(py: PyodideAPI, from: string, to: string): void {
  py.FS.mkdirTree(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === '__pycache__') continue;
    const src = path.join(from, entry.name);
    if (entry.isDirectory()) mountTree(py, src, `${to}/${entry.name}`);
    else if (entry.name.endsWith('.py')) py.FS.writeFile(`${to}/${entry.name}`, fs.readFileSync(src, 'utf8'));
  }
}
