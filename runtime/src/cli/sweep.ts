/**
 * `bv sweep FILE[:ARG] [--json]`: lists the runs of a config's sweep (`sweep(add, arg)` or `get_hyper(hyper)`)
 * in the order upstream would launch them: a numbered table, or with `--json` one
 * `{"arg", "overrides", "labels", "name"}` object per line. Exit 2 when the file defines no sweep, 1 when the
 * sweep fails to evaluate (the error names the file and line).
 *
 * `--run --runs-dir DIR [--engine tfjs|big_vision]` runs the listed runs one after another, each in
 * `DIR/<run name>` (see `launchRuns`).
 */
import * as path from 'node:path';
import { ConfigEngine } from '../config/engine';
import type { JsonValue } from '../config/protocol';
import { expandSweep, overrideFlags, type SweepResult, type SweepRun } from '../runs/sweep';
import { ENGINES, readRecord, type EngineId, type RunRecord } from '../runs/record';
import { supervise } from '../runs/supervisor';
import { deriveStatus } from '../runs/status';
import { callerDir, splitConfigArg } from './configFlags';
import { formatError } from './configShow';

export interface SweepCommandOptions {
  json?: boolean;
  timeout: string;
  checkout?: string;
  run?: boolean;
  runsDir?: string;
  engine: string;
  /** `--config.*` flags given on the command line (refused: each run's overrides come from the sweep). */
  overrides: string[];
}

type Listed = Extract<SweepResult, { ok: true }>;

/** A JSON number as Python wrote it (`1e-05`, `1.0`) when its text is one. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** The overrides as a JSON object, numbers in Python's text so that `1.0` and `1e-05` print as upstream's do. */
function overridesJson(run: SweepRun): string {
  const entries = Object.entries(run.overrides).map(([key, value]) => {
    const text = run.texts?.[key];
    const raw = typeof value === 'number' && text !== undefined && JSON_NUMBER.test(text) ? text : JSON.stringify(value);
    return `${JSON.stringify(key)}:${raw}`;
  });
  return `{${entries.join(',')}}`;
}

function jsonLine(run: SweepRun): string {
  return `{"arg":${JSON.stringify(run.arg ?? null)},"overrides":${overridesJson(run)},"labels":${JSON.stringify(run.labels)},"name":${JSON.stringify(run.name)}}`;
}

function labelText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A word as a POSIX shell reads it back: quoted only when it holds more than safe characters. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The runs as a numbered table with a header, columns padded to their widest cell; the override flags are
 * quoted for a shell, so that they can be pasted after `bv run` or `bv train`. */
export function sweepTable(listed: Listed, shown: string): string {
  const rows = listed.runs.map((run, i) => [
    String(i + 1),
    run.arg ?? '',
    overrideFlags(run).map((f) => shellWord(`--config.${f}`)).join(' '),
    Object.entries(run.labels).map(([k, v]) => `${k}=${labelText(v)}`).join(' '),
    run.name,
  ]);
  const header = ['#', 'arg', 'overrides', 'labels', 'name'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const count = `${listed.runs.length} run${listed.runs.length === 1 ? '' : 's'}`;
  const fn = listed.style === 'sweep' && listed.function !== 'sweep' ? `sweep = ${listed.function}` : listed.function;
  return [`${shown}: ${fn}, ${count}`, line(header), ...rows.map(line)].join('\n') + '\n';
}

function safeRecord(workdir: string): RunRecord | undefined {
  try {
    return readRecord(workdir);
  } catch {
    return undefined;
  }
}

/**
 * `--run`: the runs one after another, each through the same supervisor as `bv run` (record, log) in
 * `<runsDir>/<run.name>`. A failed run does not stop the sweep (its runs are independent); a stop signal does:
 * the run in progress checkpoints and the rest are not started. Exit 1 when any run failed.
 */
async function launchRuns(listed: Listed, spec: { file: string; runsDir: string; engine: string; checkout?: string }): Promise<number> {
  if (!(ENGINES as readonly string[]).includes(spec.engine)) {
    process.stderr.write(`bv sweep: --engine ${spec.engine}: expected one of ${ENGINES.join(', ')}\n`);
    return 2;
  }
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const failed: string[] = [];
  for (const [i, run] of listed.runs.entries()) {
    const workdir = path.join(spec.runsDir, run.name);
    process.stderr.write(`=== bv sweep: run ${i + 1}/${listed.runs.length}: ${run.name} (${workdir})\n`);
    if (deriveStatus(safeRecord(workdir)).status === 'finished') {
      process.stderr.write(`bv sweep: ${run.name} already finished; skipped\n`);
      continue;
    }
    const code = await supervise(
      {
        engine: spec.engine as EngineId,
        config: spec.file,
        ...(run.arg !== undefined ? { arg: run.arg } : {}),
        overrides: overrideFlags(run),
        workdir,
        ...(Object.keys(run.labels).length ? { labels: run.labels } : {}),
        name: run.name,
        ...(spec.checkout ? { checkout: spec.checkout } : {}),
        // Recorded, so that the runs' epochs resolve to steps with the data the trainer read.
        ...(process.env.TFDS_DATA_DIR ? { tfdsDataDir: process.env.TFDS_DATA_DIR } : {}),
      },
      { stdout: process.stdout, stderr: process.stderr },
    );
    const record = safeRecord(workdir);
    if (record?.exit?.stoppedBy) {
      process.stderr.write(`bv sweep: stopped by ${record.exit.stoppedBy} during ${run.name}; ${listed.runs.length - i - 1} run(s) not started. Run the same command to go on (finished runs are skipped, stopped ones resume).\n`);
      return code === 0 ? 130 : code;
    }
    if (code !== 0) failed.push(run.name);
  }
  if (failed.length) process.stderr.write(`bv sweep: ${failed.length} of ${listed.runs.length} run(s) failed: ${failed.join(', ')} (see bv runs list ${spec.runsDir})\n`);
  return failed.length ? 1 : 0;
}

export async function sweepCommand(spec: string, opts: SweepCommandOptions): Promise<number> {
  if (opts.overrides.length) {
    process.stderr.write(`bv sweep: --config.${opts.overrides[0]}: a sweep's runs take their overrides from the sweep; set shared values in get_config or in the sweep function\n`);
    return 2;
  }
  if (opts.run && !opts.runsDir) {
    process.stderr.write('bv sweep --run needs --runs-dir DIR (each run gets DIR/<run name>)\n');
    return 2;
  }
  const cwd = callerDir();
  const { file, arg } = splitConfigArg(spec);
  const abs = path.resolve(cwd, file);
  const engine = new ConfigEngine({ timeoutMs: Number(opts.timeout), checkout: opts.checkout && path.resolve(cwd, opts.checkout) });
  let result: SweepResult;
  try {
    result = await expandSweep(engine, abs, arg);
  } finally {
    await engine.dispose();
  }
  if (!result.ok) {
    const e = result.error;
    process.stderr.write(formatError(!e.file || e.file === abs ? file : e.file, e) + '\n');
    return e.type === 'NoSweepError' ? 2 : 1;
  }
  if (opts.json) process.stdout.write(result.runs.map((run) => jsonLine(run) + '\n').join(''));
  else process.stdout.write(sweepTable(result, spec));
  if (opts.run) return launchRuns(result, { file: abs, runsDir: path.resolve(cwd, opts.runsDir ?? ''), engine: opts.engine, ...(opts.checkout ? { checkout: path.resolve(cwd, opts.checkout) } : {}) });
  return 0;
}
