/**
 * `bv config show FILE[:ARG]... [--config.x=v ...] [--json]`: evaluates each config in one engine and prints it:
 * as text, a `# FILE[:ARG] --config.x=v` header and the config as indented JSON (upstream's
 * `config.to_json(indent=2)`); with --json, one line per file. Files that do not exist are reported before the
 * engine starts (exit 2).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigEngine } from '../config/engine';
import type { ConfigError, EvaluateResult } from '../config/protocol';
import { callerDir, splitConfigArg } from './configFlags';
import { indentJson } from './indentJson';

export interface ConfigShowOptions {
  json?: boolean;
  timeout: string;
  checkout?: string;
  overrides: string[];
}

export function formatError(file: string, e: ConfigError): string {
  const where = e.line == null ? file : `${file}:${e.line}:${(e.col ?? 0) + 1}`;
  return `${where}: ${e.type}: ${e.message}`;
}

/**
 * Evaluates one config for a command that needs it (bv train, bv info) in an engine of its own, disposed after.
 * A config that fails to evaluate is printed as one error line (naming `file` as the user wrote it) and gives
 * undefined.
 */
export async function evaluateForCommand(
  file: string,
  abs: string,
  opts: { arg?: string; overrides?: string[]; timeoutMs: number; checkout?: string },
): Promise<Extract<EvaluateResult, { ok: true }> | undefined> {
  const engine = new ConfigEngine({ timeoutMs: opts.timeoutMs, checkout: opts.checkout });
  let result: EvaluateResult;
  try {
    result = await engine.evaluate({ file: abs, arg: opts.arg, overrides: opts.overrides });
  } finally {
    await engine.dispose();
  }
  if (result.ok) return result;
  process.stderr.write(`${formatError(result.error.file === abs ? file : result.error.file || file, result.error)}\n`);
  return undefined;
}

/** `FILE[:ARG]` split as upstream does, unless the whole spec names a file (a path holding `:`). */
function splitSpec(spec: string, cwd: string): { file: string; arg?: string } {
  return fs.existsSync(path.resolve(cwd, spec)) ? { file: spec } : splitConfigArg(spec);
}

/** One error line per spec whose file is missing or not a file. */
function missingFiles(specs: readonly string[], cwd: string): string[] {
  return specs.flatMap((spec) => {
    const { file } = splitSpec(spec, cwd);
    const abs = path.resolve(cwd, file);
    if (!fs.existsSync(abs)) return [`bv config show: ${file} does not exist (pass config files as FILE or FILE:ARG)`];
    return fs.statSync(abs).isFile() ? [] : [`bv config show: ${file} is not a file (pass config files as FILE or FILE:ARG)`];
  });
}

export async function configShowCommand(specs: string[], opts: ConfigShowOptions): Promise<number> {
  const cwd = callerDir();
  // Before the engine starts: a typo in a path is reported at once, not after Python has booted.
  const missing = missingFiles(specs, cwd);
  if (missing.length) {
    process.stderr.write(`${missing.join('\n')}\n`);
    return 2;
  }
  const overrides = opts.overrides.map((o) => ` --config.${o}`).join('');
  const engine = new ConfigEngine({ timeoutMs: Number(opts.timeout), checkout: opts.checkout && path.resolve(cwd, opts.checkout) });
  let failed = 0;
  try {
    for (const spec of specs) {
      const { file, arg } = splitSpec(spec, cwd);
      const abs = path.resolve(cwd, file);
      const result = await engine.evaluate({ file: abs, arg, overrides: opts.overrides });
      const shown = (f: string) => (f === abs ? file : f);
      if (result.ok) {
        // Python's own JSON text is forwarded, so floats print as upstream prints them (1.0, not 1).
        if (opts.json) process.stdout.write(`{"file":${JSON.stringify(file)},"arg":${JSON.stringify(arg ?? null)},"config":${result.configText}}\n`);
        else process.stdout.write(`# ${spec}${overrides}\n${indentJson(result.configText)}\n`);
      } else {
        failed++;
        const e = { ...result.error, file: shown(result.error.file || abs) };
        if (opts.json) {
          const error: Record<string, unknown> = { type: e.type, message: e.message, line: e.line, col: e.col };
          if (e.file !== file) error.file = e.file;
          if (e.flag) error.flag = e.flag;
          process.stdout.write(JSON.stringify({ file, arg: arg ?? null, error }) + '\n');
        } else {
          process.stderr.write(formatError(e.file, e) + '\n');
        }
      }
    }
  } finally {
    await engine.dispose();
  }
  return failed ? 1 : 0;
}
