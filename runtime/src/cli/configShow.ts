/**
 * `bv config show FILE[:ARG]... [--config.x=v ...] [--json]`: evaluates each config in one engine and prints it.
 */
import * as path from 'node:path';
import { ConfigEngine } from '../config/engine';
import type { ConfigError } from '../config/protocol';
import { callerDir, splitConfigArg } from './configFlags';

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

export async function configShowCommand(specs: string[], opts: ConfigShowOptions): Promise<number> {
  const cwd = callerDir();
  const engine = new ConfigEngine({ timeoutMs: Number(opts.timeout), checkout: opts.checkout && path.resolve(cwd, opts.checkout) });
  let failed = 0;
  try {
    for (const spec of specs) {
      const { file, arg } = splitConfigArg(spec);
      const abs = path.resolve(cwd, file);
      const result = await engine.evaluate({ file: abs, arg, overrides: opts.overrides });
      const shown = (f: string) => (f === abs ? file : f);
      if (result.ok) {
        // Python's own JSON text is forwarded, so floats print as upstream prints them (1.0, not 1).
        if (opts.json) process.stdout.write(`{"file":${JSON.stringify(file)},"arg":${JSON.stringify(arg ?? null)},"config":${result.configText}}\n`);
        else process.stdout.write(`# ${spec}\n${result.configText}\n`);
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
