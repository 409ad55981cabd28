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

function walk(dir: string, dotted: string, out: Record<string, CheckoutModule>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
      const sub = `${dotted}.${entry.name}`;
      const init = path.join(full, '__init__.py');
      out[sub] = { path: init, source: fs.existsSync(init) ? fs.readFileSync(init, 'utf8') : '', package: true };
      walk(full, sub, out);
    } else if (entry.name.endsWith('.py') && entry.name !== '__init__.py') {
      out[`${dotted}.${entry.name.slice(0, -3)}`] = { path: full, source: fs.readFileSync(full, 'utf8'), package: false };
    }
  }
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
  walk(configs, 'big_vision.configs', out);
  return out;
}

/** Names, sizes and modification times of the checkout's config modules: re-read them only when this changes. */
export function checkoutSignature(root: string): string {
  const parts: string[] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== '__pycache__') visit(full);
      } else if (entry.name.endsWith('.py')) {
        const st = fs.statSync(full, { throwIfNoEntry: false });
        if (st) parts.push(`${full}:${st.size}:${st.mtimeMs}`);
      }
    }
  };
  visit(path.join(root, 'big_vision', 'configs'));
  return parts.join('\n');
}
