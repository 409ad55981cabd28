/**
 * `bv check [FILES|DIRS] [--format text|json] [--config.x=v]`: the language server's diagnostics, headless, for
 * CI. A folder means every `.py` below it that defines `get_config` (not `__init__.py`, not helper modules);
 * `FILE:ARG` evaluates with that argument. Text output is `file:line:col: severity code message` (1-based
 * column), JSON output one object per problem and line. Exit status 1 when any problem is an error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkConfig, compareProblems, dedupeProblems, type Problem } from '../check';
import { ConfigEngine } from '../config/engine';
import { initPyparse } from '../pyparse';
import { definesGetConfig } from '../config/definesGetConfig';
import { callerDir, splitConfigArg } from './configFlags';
import { displayPath, formatProblem } from './problemReport';

export interface CheckCommandOptions {
  format: string;
  checkout?: string;
  tfdsDataDir?: string;
  overrides: string[];
}

const SKIP_DIRS = new Set(['node_modules', '__pycache__']);

/** Config files below `dir`, sorted: `.py` files defining get_config at the top level. */
export function findConfigFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) walk(p);
      } else if (entry.isFile() && entry.name.endsWith('.py') && entry.name !== '__init__.py' && definesGetConfig(fs.readFileSync(p, 'utf8'))) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

/** The files to check, each with its argument; throws naming a path that does not exist. */
export function expandTargets(specs: string[], cwd: string): { file: string; arg?: string }[] {
  const out: { file: string; arg?: string }[] = [];
  for (const spec of specs) {
    const asIs = path.resolve(cwd, spec);
    const { file, arg } = fs.existsSync(asIs) ? { file: spec, arg: undefined } : splitConfigArg(spec);
    const abs = path.resolve(cwd, file);
    if (!fs.existsSync(abs)) throw new Error(`bv check: ${file} does not exist (pass config files, FILE:ARG, or folders)`);
    if (fs.statSync(abs).isDirectory()) out.push(...findConfigFiles(abs).map((f) => ({ file: f, arg })));
    else out.push({ file: abs, arg });
  }
  return out;
}

/** Checks every target (one engine for all) and returns the problems, de-duplicated and sorted. */
export async function runCheck(
  targets: readonly { file: string; arg?: string }[],
  opts: { checkout?: string; tfdsDataDir?: string; overrides?: string[] },
): Promise<Problem[]> {
  await initPyparse();
  const engine = new ConfigEngine({ checkout: opts.checkout });
  const problems: Problem[] = [];
  try {
    for (const { file, arg } of targets) {
      const source = fs.readFileSync(file, 'utf8');
      const result = await engine.evaluate({ file, source, arg, overrides: opts.overrides });
      problems.push(...checkConfig({ file, source, result, tfdsDataDir: opts.tfdsDataDir }));
    }
  } finally {
    await engine.dispose();
  }
  return dedupeProblems(problems).sort(compareProblems);
}

export async function checkCommand(specs: string[], opts: CheckCommandOptions): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') {
    process.stderr.write(`bv check: unknown --format '${opts.format}'; use text or json\n`);
    return 2;
  }
  const cwd = callerDir();
  let targets: { file: string; arg?: string }[];
  try {
    targets = expandTargets(specs.length ? specs : ['.'], cwd);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (!targets.length) {
    process.stderr.write(`bv check: no config files (.py defining get_config) in ${specs.join(' ') || '.'}\n`);
    return 2;
  }
  const all = await runCheck(targets, {
    checkout: opts.checkout && path.resolve(cwd, opts.checkout),
    tfdsDataDir: opts.tfdsDataDir && path.resolve(cwd, opts.tfdsDataDir),
    overrides: opts.overrides,
  });
  for (const p of all) {
    if (opts.format === 'json') {
      const { line, col } = p.range;
      const fields = { file: displayPath(p.range.file, cwd), line, col: col + 1, severity: p.severity, code: p.code, message: p.message, range: p.range };
      process.stdout.write(`${JSON.stringify(p.fix ? { ...fields, fix: p.fix } : fields)}\n`);
    } else {
      process.stdout.write(`${formatProblem(p, cwd)}\n`);
    }
  }
  const count = (s: Problem['severity']): number => all.filter((p) => p.severity === s).length;
  const errors = count('error');
  if (opts.format === 'text') {
    const n = targets.length;
    process.stderr.write(`${n} config${n === 1 ? '' : 's'} checked: ${errors} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s)\n`);
  }
  return errors ? 1 : 0;
}
