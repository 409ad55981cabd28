/**
 * Upstream equivalence, the config engine's acceptance test: every config of upstream big_vision (and a few
 * argument variants) must evaluate in our engine to the same JSON as under real CPython + ml_collections, or fail
 * with the same exception type at the same line.
 *
 * Material (not in the repo, not downloadable in CI): `BV_UPSTREAM_DIR` names a folder laid out as
 *   $BV_UPSTREAM_DIR/big_vision/      a big_vision checkout (holds big_vision/configs/)
 *   $BV_UPSTREAM_DIR/goldens.jsonl    written by scripts/upstreamGoldens.py from that checkout
 * which `scripts/prepareUpstream.sh BIG_VISION ML_COLLECTIONS OUT_DIR` produces. Without it the suite reports one
 * skipped test.
 *
 * Two passes, each one `bv config show FILE[:ARG]... --json` process:
 *   1. inside the checkout, so configs import the checkout's own helper modules (`big_vision.configs.common`, ...);
 *   2. on a copy of the configs outside any checkout, so they import our bundled helpers
 *      (runtime/src/config/python/big_vision).
 * Values are compared as numbers (1 == 1.0); a third test checks, on pass 1's output, that floats are printed as
 * floats (`1.0`), as CPython's json does, since ConfigDict's type safety tells int and float fields apart.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** One line of goldens.jsonl (see scripts/upstreamGoldens.py). */
interface Golden {
  file: string;
  arg: string | null;
  config?: unknown;
  error?: {
    type: string;
    message: string;
    /** In the config file itself. */
    line: number | null;
    col?: number | null;
    /** Innermost frame in any file under the checkout's big_vision/configs/ (e.g. common.py), path relative to it. */
    where?: { file: string; line: number } | null;
  };
}

/** One line printed by `bv config show --json`. */
interface Shown {
  file: string;
  arg: string | null;
  config?: unknown;
  error?: { type: string; message: string; line: number | null; col?: number | null; file?: string };
}

const REPO = path.resolve(__dirname, '..', '..');
const BV = path.join(REPO, 'bin', 'bv.js');
const CONFIGS_PREFIX = 'big_vision/configs/';
const HOW_TO =
  'set BV_UPSTREAM_DIR to a folder made by `scripts/prepareUpstream.sh BIG_VISION ML_COLLECTIONS OUT_DIR` ' +
  '(BIG_VISION and ML_COLLECTIONS: checkouts or git dirs of google-research/big_vision and google/ml_collections)';

/** The goldens, or why the suite cannot run. */
function loadMaterial(): { dir: string; goldens: Golden[] } | { missing: string } {
  const dir = process.env.BV_UPSTREAM_DIR;
  if (!dir) return { missing: 'BV_UPSTREAM_DIR is not set' };
  const goldens = path.join(dir, 'goldens.jsonl');
  if (!existsSync(goldens)) return { missing: `${goldens} does not exist` };
  if (!existsSync(path.join(dir, 'big_vision', CONFIGS_PREFIX))) {
    return { missing: `${path.join(dir, 'big_vision', CONFIGS_PREFIX)} does not exist` };
  }
  const lines = readFileSync(goldens, 'utf8').split('\n').filter((l) => l.trim());
  return { dir, goldens: lines.map((l) => parseKeepingFloats(l) as Golden) };
}

/** `FILE` or `FILE:ARG`, as given to --config. */
function specOf(file: string, arg: string | null): string {
  return arg === null ? file : `${file}:${arg}`;
}

/** Marks a float parsed from JSON: Python writes `1.0` for a float and `1` for an int, JSON.parse reads both as 1. */
const FLOAT = '$bvFloat';
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** JSON.parse, but each number written as a float (with `.` or an exponent) becomes `{$bvFloat: value}`. */
function parseKeepingFloats(text: string): unknown {
  return JSON.parse(text.replace(TOKEN, (t) => (t[0] !== '"' && /[.eE]/.test(t) ? `{"${FLOAT}":${t}}` : t)));
}

/** Runs `bv config show SPEC... --json` in `cwd`; one parsed line per spec, in order. */
function showAll(cwd: string, specs: string[]): Shown[] {
  const run = spawnSync(process.execPath, [BV, 'config', 'show', ...specs, '--json'], {
    cwd,
    env: process.env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.error) throw new Error(`could not run ${BV}`, { cause: run.error });
  const lines = run.stdout.split('\n').filter((l) => l.trim());
  if (lines.length !== specs.length) {
    throw new Error(
      `bv config show printed ${lines.length} lines for ${specs.length} configs (exit ${run.status}).\n` +
        `stderr:\n${run.stderr.slice(-4000)}`,
    );
  }
  return lines.map((l) => parseKeepingFloats(l) as Shown);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFloat(v: unknown): v is Record<typeof FLOAT, number> {
  return isObject(v) && FLOAT in v && Object.keys(v).length === 1;
}

/** What is compared: `value` ignores int vs float (1 == 1.0), `kind` looks only at int vs float. */
type Aspect = 'value' | 'kind';

/** Where `want` (upstream) and `got` (ours) first differ in `aspect`, or undefined. */
function firstDifference(want: unknown, got: unknown, aspect: Aspect, at = 'config'): string | undefined {
  const show = (v: unknown): string => (v === undefined ? '<missing>' : isFloat(v) ? `float ${v[FLOAT]}` : JSON.stringify(v));
  if (isFloat(want) || isFloat(got)) {
    const w = isFloat(want) ? want[FLOAT] : want;
    const g = isFloat(got) ? got[FLOAT] : got;
    if (aspect === 'kind') return isFloat(want) === isFloat(got) || typeof w !== 'number' || typeof g !== 'number'
      ? undefined : `${at}: upstream ${show(want)}, ours ${show(got)}`;
    return w === g ? undefined : `${at}: upstream ${show(want)}, ours ${show(got)}`;
  }
  if (isObject(want) && isObject(got)) {
    for (const key of [...new Set([...Object.keys(want), ...Object.keys(got)])].sort()) {
      const d = firstDifference(want[key], got[key], aspect, `${at}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  if (Array.isArray(want) && Array.isArray(got) && want.length === got.length) {
    for (let i = 0; i < want.length; i++) {
      const d = firstDifference(want[i], got[i], aspect, `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (aspect === 'kind') return undefined;
  return want === got ? undefined : `${at}: upstream ${show(want)}, ours ${show(got)}`;
}

/** Why `got` does not match `want` in `aspect`, or undefined. `root`: the checkout the configs were evaluated in,
 * against which an error's `file` (set when the error lies outside the config, e.g. in common.py) is compared. */
function mismatch(want: Golden, got: Shown, aspect: Aspect, root?: string): string | undefined {
  if (got.arg !== want.arg) return `printed for arg ${JSON.stringify(got.arg)}`;
  if (aspect === 'kind') return want.config !== undefined && got.config !== undefined
    ? firstDifference(want.config, got.config, 'kind') : undefined;
  if (want.error) {
    if (!got.error) return `upstream raises ${want.error.type} at line ${want.error.line}, ours evaluates`;
    // Where ours points into another file (a checkout helper), upstream's innermost frame there must agree.
    const inHelper = got.error.file !== undefined && root !== undefined;
    const wantAt = inHelper ? want.error.where && `${want.error.where.file}:${want.error.where.line}` : `line ${want.error.line}`;
    const gotAt = inHelper ? `${path.relative(root, got.error.file ?? '')}:${got.error.line}` : `line ${got.error.line}`;
    if (got.error.type !== want.error.type || gotAt !== wantAt) {
      return `upstream raises ${want.error.type} at ${wantAt}, ours ${got.error.type} at ${gotAt}: ${got.error.message}`;
    }
    return undefined;
  }
  if (!got.error) return firstDifference(want.config, got.config, 'value');
  const where = got.error.file ? `${got.error.file}:${got.error.line}` : `line ${got.error.line}`;
  return `upstream evaluates, ours raises ${got.error.type} at ${where}: ${got.error.message}`;
}

/** Compares one pass; asserts with a summary listing every mismatch. */
function compare(pass: string, goldens: Golden[], shown: Shown[], aspect: Aspect, root?: string): void {
  const problems: string[] = [];
  goldens.forEach((g, i) => {
    const why = mismatch(g, shown[i], aspect, root);
    if (why) problems.push(`${specOf(g.file, g.arg)}: ${why}`);
  });
  const evaluated = goldens.filter((g) => g.config !== undefined).length;
  const summary =
    `${pass}: ${goldens.length - problems.length} equal, ${problems.length} different ` +
    `(${goldens.length} goldens: ${evaluated} evaluate upstream, ${goldens.length - evaluated} raise)`;
  console.log(`      ${summary}`);
  for (const p of problems) console.log(`        ${p}`);
  assert.equal(problems.length, 0, `${summary}\n${problems.join('\n')}`);
}

const material = loadMaterial();

describe('upstream big_vision configs evaluate as under CPython + ml_collections', function () {
  if ('missing' in material) {
    it(`needs upstream material (skipped: ${HOW_TO})`, function () {
      console.log(`      ${material.missing}; ${HOW_TO}`);
      this.skip();
    });
    return;
  }
  const { dir, goldens } = material;
  const specs = goldens.map((g) => specOf(g.file, g.arg));
  const checkout = path.join(dir, 'big_vision');
  let inCheckout: Shown[] | undefined;
  const showInCheckout = (): Shown[] => (inCheckout ??= showAll(checkout, specs));

  it(`with the checkout's helper modules (${goldens.length} goldens)`, function () {
    const shown = showInCheckout();
    shown.forEach((s, i) => assert.equal(s.file, goldens[i].file, 'the CLI echoes the file as given'));
    compare('checkout helpers', goldens, shown, 'value', checkout);
  });

  it(`with our bundled helper modules (${goldens.length} goldens)`, function () {
    // A copy of big_vision/configs outside any checkout: imports of big_vision.configs.* resolve to our modules.
    const tmp = mkdtempSync(path.join(tmpdir(), 'bv-upstream-'));
    try {
      cpSync(path.join(dir, 'big_vision', CONFIGS_PREFIX), path.join(tmp, 'upstream_configs'), { recursive: true });
      const rel = (g: Golden) => 'upstream_configs/' + g.file.slice(CONFIGS_PREFIX.length);
      compare('bundled helpers', goldens, showAll(tmp, goldens.map((g) => specOf(rel(g), g.arg))), 'value');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('prints Python floats as floats (1.0, not 1), like ConfigDict.to_json', function () {
    compare('int/float', goldens, showInCheckout(), 'kind');
  });
});
