/**
 * The server's settings: the `bigVision` section of the client's configuration (or `initializationOptions` for
 * clients without `workspace/configuration`). Values of the wrong type fall back to their defaults, so a typo in
 * settings.json never stops the server.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultDataDir } from '../../runtime/src/check';

/** Trace level of the LSP traffic (read by the client; listed so that all settings live in one place). */
export type TraceLevel = 'off' | 'messages' | 'verbose';

/** The `bigVision` settings section. */
export interface BigVisionSettings {
  /** Extra glob patterns (matched against the file path) of Python files to serve even without `get_config`. */
  configGlobs: string[];
  /** Where TFDS datasets live: names and split sizes for completion, hover and durations. */
  tfdsDataDir: string;
  /** A big_vision checkout (the folder holding `big_vision/`); empty = searched above each config. */
  checkout: string;
  /** Time limit of one config evaluation in ms. */
  evaluationTimeoutMs: number;
  /** `bigVision.trace.server`. */
  trace: { server: TraceLevel };
}

/** The section name in the client's configuration. */
export const SETTINGS_SECTION = 'bigVision';

/** Defaults for every setting. */
export function defaultSettings(env: NodeJS.ProcessEnv = process.env): BigVisionSettings {
  return { configGlobs: [], tfdsDataDir: defaultDataDir(env), checkout: '', evaluationTimeoutMs: 2000, trace: { server: 'off' } };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a raw settings object (`{configGlobs: [...], ...}`); wrong or missing values get their defaults. */
export function parseSettings(raw: unknown, env: NodeJS.ProcessEnv = process.env): BigVisionSettings {
  const s = defaultSettings(env);
  if (!isRecord(raw)) return s;
  if (Array.isArray(raw.configGlobs)) s.configGlobs = raw.configGlobs.filter((g): g is string => typeof g === 'string' && g !== '');
  if (typeof raw.tfdsDataDir === 'string' && raw.tfdsDataDir.trim()) s.tfdsDataDir = expandHome(raw.tfdsDataDir.trim());
  if (typeof raw.checkout === 'string') s.checkout = expandHome(raw.checkout.trim());
  if (typeof raw.evaluationTimeoutMs === 'number' && raw.evaluationTimeoutMs >= 50) s.evaluationTimeoutMs = raw.evaluationTimeoutMs;
  const trace = isRecord(raw.trace) ? raw.trace.server : undefined;
  if (trace === 'off' || trace === 'messages' || trace === 'verbose') s.trace = { server: trace };
  return s;
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/**
 * A glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) as a regular expression over `/`-separated paths. A pattern without
 * a `/` matches the base name anywhere (like VS Code's `files.associations`).
 */
export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/\\/g, '/');
  let re = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = g.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${g.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${re}$`);
}

/** Whether `file` (an absolute path) matches one of the globs. */
export function matchesGlobs(file: string, globs: readonly string[]): boolean {
  const p = file.replace(/\\/g, '/');
  return globs.some((g) => globToRegExp(g).test(p));
}
