/**
 * Helpers for the checker's table-driven tests: one config engine shared by every test file (its pyodide start
 * costs seconds), fixtures under test/fixtures/check, and ranges found by searching the fixture's text rather
 * than counted by hand.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigEngine } from '../config/engine';
import { initPyparse } from '../pyparse/parser';
import { checkConfig } from './checkConfig';
import type { Problem, ProblemRange, Severity } from './problem';
import type { Validator } from './validator';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/check');
export const TFDS_FIXTURES = path.join(FIXTURES, 'tfds');

let engine: ConfigEngine | undefined;

/** The engine every checker test uses; disposed after the whole run (a root hook). */
export function sharedEngine(): ConfigEngine {
  engine ??= new ConfigEngine({ timeoutMs: 10000 });
  return engine;
}

// A root hook when mocha loads this file; nothing outside mocha (a script importing the helpers).
if (typeof after === 'function') after(async () => {
  await engine?.dispose();
  engine = undefined;
});

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** Evaluates a fixture and checks it (with only `validators`, when given). */
export async function checkFixture(
  name: string,
  opts: { arg?: string; validators?: readonly Validator[]; tfdsDataDir?: string; source?: string; onValidatorError?: (name: string, err: unknown) => void } = {},
): Promise<Problem[]> {
  await initPyparse();
  const file = fixture(name);
  const source = opts.source ?? fs.readFileSync(file, 'utf8');
  const result = await sharedEngine().evaluate({ file, source, arg: opts.arg });
  return checkConfig({ file, source, result, tfdsDataDir: opts.tfdsDataDir }, { validators: opts.validators, onValidatorError: opts.onValidatorError });
}

/**
 * The range of `needle` in a fixture: on 1-based `line` when given, else its only occurrence in the file; with
 * `nth`, its nth (0-based) occurrence there.
 */
export function rangeOf(name: string, needle: string, line?: number, nth?: number): ProblemRange {
  const file = fixture(name);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const hits: { line: number; col: number }[] = [];
  lines.forEach((text, i) => {
    if (line !== undefined && i + 1 !== line) return;
    for (let col = text.indexOf(needle); col >= 0; col = text.indexOf(needle, col + 1)) hits.push({ line: i + 1, col });
  });
  if (nth === undefined) assert.equal(hits.length, 1, `'${needle}' should occur once${line ? ` on line ${line}` : ''} in ${name}, found ${hits.length}`);
  assert.ok(hits[nth ?? 0], `'${needle}' occurs ${hits.length} times in ${name}`);
  const { line: l, col } = hits[nth ?? 0];
  return { file, line: l, col, endLine: l, endCol: col + needle.length };
}

/** One expected problem: its code, severity, the text it underlines (optionally on a line) and its message. */
export interface Expected {
  code: Problem['code'];
  severity: Severity;
  at: string;
  line?: number;
  /** Which occurrence of `at` (0-based) when it occurs several times. */
  nth?: number;
  message?: RegExp;
  /** The text the fix puts in place (its edit's range must be a sub-range of the line). */
  fix?: string;
}

const show = (p: { code: string; severity: string; range: ProblemRange }): string =>
  `${p.code} ${p.severity} ${p.range.line}:${p.range.col}-${p.range.endLine}:${p.range.endCol}`;

/** Asserts that `actual` holds exactly the `expected` problems (codes, severities, ranges), and their messages. */
export function assertProblems(name: string, actual: readonly Problem[], expected: readonly Expected[]): void {
  const want = expected.map((e) => ({ ...e, range: rangeOf(name, e.at, e.line, e.nth) }));
  assert.deepEqual(actual.map(show).sort(), want.map(show).sort(), `problems of ${name}:\n${actual.map((p) => `${show(p)} ${p.message}`).join('\n')}`);
  const used = new Set<Problem>();
  for (const e of want) {
    // Several problems may share a range (missing keys at get_config): pair each with one whose message fits.
    const p = actual.find((a) => !used.has(a) && show(a) === show(e) && (!e.message || e.message.test(a.message)));
    assert.ok(p, `no ${show(e)} problem matching ${e.message ?? 'any message'}; messages: ${actual.filter((a) => show(a) === show(e)).map((a) => a.message).join(' | ')}`);
    used.add(p);
    if (e.fix !== undefined) {
      assert.ok(p.fix, `${show(e)} should have a fix`);
      assert.equal(p.fix.edits[0].newText, e.fix);
    }
  }
}
