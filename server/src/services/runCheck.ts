/**
 * The check before a run: evaluates a config with the arg and overrides the run will use (not the editor's
 * default `get_config()`), and returns every problem `bv check FILE:ARG --config.x=v` would print. The editor
 * refuses to start a run with errors; the bundled engine also refuses engine-only notes.
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkConfig } from '../../../runtime/src/check';
import type { ConfigEngine } from '../../../runtime/src/config';
import type { CheckRunParams, CheckRunResult, RunProblem } from '../protocol';

export interface RunCheckDeps {
  engine(): ConfigEngine;
  /** The open document's text, when the editor has it (unsaved edits count). */
  text(uri: string): string | undefined;
  tfdsDataDir(): string | undefined;
}

export async function checkRun(params: CheckRunParams, deps: RunCheckDeps): Promise<CheckRunResult> {
  const file = fileURLToPath(params.uri);
  const source = deps.text(params.uri);
  const result = await deps.engine().evaluate({ file, ...(source !== undefined ? { source } : {}), arg: params.arg, overrides: params.overrides });
  if (!result.ok) {
    const e = result.error;
    // Override errors name their flag in the message and have no line: they point at the file's start.
    return { error: { file: e.file || file, line: e.line ?? 1, col: e.col ?? 0, severity: 'error', code: e.type, message: e.message }, problems: [] };
  }
  const text = source ?? fs.readFileSync(file, 'utf8');
  const problems: RunProblem[] = checkConfig({ file, source: text, result, tfdsDataDir: deps.tfdsDataDir() }).map((p) => ({
    file: p.range.file,
    line: p.range.line,
    col: p.range.col,
    severity: p.severity,
    code: p.code,
    message: p.message,
  }));
  return { problems };
}
