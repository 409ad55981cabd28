/**
 * `bv info FILE[:ARG] [--accelerator v4|v4-32|...] [--json] [--config.x=v ...]`: model facts before launch:
 * parameters, GFLOPs per image at the training resolution, and the estimated memory of one training step per
 * device for the config's batch, split over the accelerator's devices, with whether it fits the device's HBM and
 * the smallest slice of each TPU generation that fits. Config errors are printed as `bv check` prints them
 * (`file:line:col: error code message`, exit 1); a config that does not evaluate or a bad flag exits 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckContext, checkConfig } from '../check';
import { parseAccelerator } from '../facts/accelerators';
import { configFacts, type ConfigFacts } from '../facts/modelFacts';
import { smallestFits } from '../facts/fit';
import { factsJson, factsTable } from '../facts/format';
import { initPyparse } from '../pyparse';
import { isObject } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { evaluateForCommand } from './configShow';
import { callerDir, splitConfigArg } from './configFlags';
import { displayPath, formatProblem } from './problemReport';

export interface InfoCommandOptions {
  accelerator?: string;
  json?: boolean;
  timeout: string;
  checkout?: string;
  overrides: string[];
}

export async function infoCommand(spec: string, opts: InfoCommandOptions): Promise<number> {
  const cwd = callerDir();
  const { file, arg } = fs.existsSync(path.resolve(cwd, spec)) ? { file: spec, arg: undefined } : splitConfigArg(spec);
  const abs = path.resolve(cwd, file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
    process.stderr.write(`bv info: ${file} does not exist (pass a config file as FILE or FILE:ARG)\n`);
    return 2;
  }
  // A bad --accelerator is reported before Python starts.
  if (opts.accelerator) {
    try {
      parseAccelerator(opts.accelerator);
    } catch (err) {
      process.stderr.write(`bv info: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const result = await evaluateForCommand(file, abs, { arg, overrides: opts.overrides, timeoutMs: Number(opts.timeout), checkout: opts.checkout && path.resolve(cwd, opts.checkout) });
  if (!result) return 2;
  await initPyparse();
  const source = fs.readFileSync(abs, 'utf8');
  // What `bv check` calls an error is printed as it prints it; the facts are still computed when they can be.
  const errors = checkConfig({ file: abs, source, result }).filter((p) => p.severity === 'error');
  for (const p of errors) process.stderr.write(`${formatProblem(p, cwd)}\n`);
  const config = isObject(result.config) ? result.config : {};
  let facts: ConfigFacts;
  try {
    facts = configFacts(config, { accelerator: opts.accelerator });
  } catch (err) {
    if (err instanceof ConfigKeyError) {
      if (!errors.length) {
        const ctx = new CheckContext({ file: abs, source, result });
        const { range } = ctx.keyLocation(err.path);
        ctx.dispose();
        process.stderr.write(`${displayPath(range.file, cwd)}:${range.line}:${range.col + 1}: error model-facts ${err.message}\n`);
      }
      return 1;
    }
    process.stderr.write(`bv info: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const fits = smallestFits(config, facts);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ file, arg: arg ?? null, ...factsJson(facts, fits) })}\n`);
  } else {
    const overrides = opts.overrides.map((o) => ` --config.${o}`).join('');
    process.stdout.write(`# ${spec}${overrides}\n${factsTable(facts, fits)}\n`);
  }
  return errors.length ? 1 : 0;
}
