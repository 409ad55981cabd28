/**
 * Finds the user's big_vision checkout and collects its `big_vision/configs/**.py` modules, which configs import
 * (`big_vision.configs.common`, project helpers). Without a checkout the engine's bundled modules are used.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckoutModule } from './protocol';

/** The folder holding `big_vision/configs/` at or above `fromDir`, or undefined. */
export function findCheckout(fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'big_vision', 'configs', '__init__.py')) || fs.existsSync(path.join(dir, 'big_vision', 'configs', 'common.py'))) {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The `.py` files below `dir` (hidden folders and __pycache__ skipped), with the folders that hold them. */
function pythonFiles(dir: string, out: { file: string; dir: boolean }[] = []): { file: string; dir: boolean }[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
      out.push({ file: full, dir: true });
      pythonFiles(full, out);
    } else if (entry.name.endsWith('.py')) {
      out.push({ file: full, dir: false });
    }
  }
  return out;
}

/** Modules of the checkout at `root`, by dotted name. `big_vision` itself is an empty package: its real
 * `__init__` may import the training stack, which configs never need. */
export function collectCheckout(root: string): Record<string, CheckoutModule> {
  const out: Record<string, CheckoutModule> = {
    big_vision: { path: path.join(root, 'big_vision', '__init__.py'), source: '', package: true },
  };
  const configs = path.join(root, 'big_vision', 'configs');
  const init = path.join(configs, '__init__.py');
  out['big_vision.configs'] = { path: init, source: fs.existsSync(init) ? fs.readFileSync(init, 'utf8') : '', package: true };
  for (const { file, dir } of pythonFiles(configs)) {
    const dotted = ['big_vision', 'configs', ...path.relative(configs, file).replace(/\.py$/, '').split(path.sep)].join('.');
    if (dir) {
      const pkgInit = path.join(file, '__init__.py');
      out[dotted] = { path: pkgInit, source: fs.existsSync(pkgInit) ? fs.readFileSync(pkgInit, 'utf8') : '', package: true };
    } else if (path.basename(file) !== '__init__.py') {
      out[dotted] = { path: file, source: fs.readFileSync(file, 'utf8'), package: false };
    }
  }
  return out;
}

/** Names, sizes and modification times of the checkout's config modules: re-read them only when this changes. */
export function checkoutSignature(root: string): string {
  const parts: string[] = [];
  for (const { file, dir } of pythonFiles(path.join(root, 'big_vision', 'configs'))) {
    const st = dir ? undefined : fs.statSync(file, { throwIfNoEntry: false });
    parts.push(st ? `${file}:${st.size}:${st.mtimeMs}` : file);
  }
  return parts.join('\n');
}
