/**
 * What the server's log says ("Big Vision: Show Language Server Log"): `window/logMessage` with levels through
 * the connection's console. Start-up facts and each opened config's checkout at info, each evaluation's timing at
 * debug (the log channel shows it at its Debug level), failures at error. Services report their own failures
 * with `console.error` (they never see the connection); `routeConsole` sends those to the same log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import type { RemoteConsole } from 'vscode-languageserver';
import { findCheckout } from '../../runtime/src/config';
import type { EngineVersions } from '../../runtime/src/config';
import type { AnalysisStats } from './protocol';
import type { Analysis } from './services/analysis';
import { DatasetCatalog } from './services/datasets';

/** The server's name and version, as `initialize` reports them. */
export const SERVER_INFO = { name: 'Big Vision Studio language server', version: '0.1.0' };

/** Sends this process's `console.*` output to the client's log, each call at its level. */
export function routeConsole(remote: RemoteConsole, target: Console = console): void {
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  target.error = (...args: unknown[]) => remote.error(text(args));
  target.warn = (...args: unknown[]) => remote.warn(text(args));
  target.info = (...args: unknown[]) => remote.info(text(args));
  target.log = (...args: unknown[]) => remote.log(text(args));
  target.debug = (...args: unknown[]) => remote.debug(text(args));
}

/** `Big Vision Studio language server 0.1.0 (Node v20.20.2)`. */
export function serverStarted(): string {
  return `${SERVER_INFO.name} ${SERVER_INFO.version} (Node ${process.version})`;
}

/** `config engine ready: Python (pyodide 0.27.2, Python 3.12.7) loaded in 812 ms`. */
export function engineReady(versions: EngineVersions | undefined, ms: number): string {
  const what = versions ? ` (pyodide ${versions.pyodide}, Python ${versions.python})` : '';
  return `config engine ready: Python${what} loaded in ${Math.round(ms)} ms`;
}

/** `TFDS data dir: /data (2 datasets: cifar10, mnist)`, or what is missing there. */
export function dataDirFacts(dir: string): string {
  if (!fs.existsSync(dir)) return `TFDS data dir: ${dir} (missing: dataset names and split sizes are not checked; set bigVision.tfdsDataDir)`;
  const names = new DatasetCatalog(dir).names();
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, ...` : names.join(', ');
  return `TFDS data dir: ${dir} (${names.length} dataset${names.length === 1 ? '' : 's'}${names.length ? `: ${shown}` : ''})`;
}

/** What `bigVision.checkout` makes of imports such as `big_vision.configs.common`. */
export function checkoutSetting(checkout: string): string {
  if (!checkout) return 'big_vision checkout: none set; searched above each config, else the bundled big_vision.configs modules';
  const found = fs.existsSync(path.join(checkout, 'big_vision', 'configs')) ? '' : ' (no big_vision/configs there: imports of it fail)';
  return `big_vision checkout: ${checkout} (bigVision.checkout)${found}`;
}

/** The checkout an opened config imports `big_vision.configs` from. */
export function checkoutOf(file: string, checkout: string): string {
  if (checkout) return `${file}: big_vision checkout ${checkout} (bigVision.checkout)`;
  const found = findCheckout(path.dirname(file));
  return found ? `${file}: big_vision checkout ${found} (found above the config)` : `${file}: no big_vision checkout above it; the bundled big_vision.configs modules are used`;
}

/** `evaluated /w/base.py (version 3) in 41 ms (Python 30 ms, checks 6 ms): 0 errors, 1 warning`. */
export function analysisTimed(a: Analysis, stats: AnalysisStats, counts: { error: number; warning: number }): string {
  const ms = (x: number | null) => (x === null ? '?' : String(Math.round(x)));
  const head = `evaluated ${a.file} (version ${a.version}) in ${ms(stats.computeMs)} ms (Python ${ms(stats.pythonMs)} ms, checks ${ms(stats.checkMs)} ms)`;
  if (!a.result.ok) return `${head}: ${a.result.error.type}: ${a.result.error.message}`;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${head}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}`;
}
