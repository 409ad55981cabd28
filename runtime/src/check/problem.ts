/**
 * A problem the config checker reports: the language server turns it into an LSP diagnostic (and its `fix` into
 * a quick fix), `bv check` prints it. Codes are stable: tests, docs and users' suppressions name them.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A source range like the config engine's Span: 1-based lines, 0-based UTF-16 columns, end exclusive. */
export interface ProblemRange {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface TextEdit {
  range: ProblemRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** Every code the checker emits. */
export type ProblemCode =
  | 'syntax-error'
  | 'eval-error'
  | 'unknown-key'
  | 'forbidden-key'
  | 'wrong-type'
  | 'wrong-value'
  | 'missing-required'
  | 'duration-conflict'
  | 'invalid-duration'
  | 'unknown-model'
  | 'unknown-variant'
  | 'unknown-evaluator'
  | 'unknown-optimizer'
  | 'unknown-decay-type'
  | 'unknown-loss'
  | 'unknown-dataset'
  | 'unknown-split'
  | 'invalid-split'
  | 'pp-parse-error'
  | 'pp-unknown-op'
  | 'pp-arity'
  | 'pp-unknown-keyword'
  | 'pp-wrong-type'
  | 'pp-wrong-value'
  | 'pp-missing-module'
  | 'eval-unknown-key'
  | 'warmup-too-long'
  | 'log-interval-too-long'
  | 'engine-only';

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  message: string;
  range: ProblemRange;
  fix?: Fix;
  /**
   * For a problem in another file than the config checked (a helper module it imports): where the config reaches
   * that file, i.e. the statement in the config that calls the helper. An editor that does not show the helper
   * puts the problem there.
   */
  callSite?: ProblemRange;
}

/**
 * A problem about one of several things that share a source range (evals built by one helper function share
 * its dict entries): `render` phrases the message for a list of subjects, and `mergeFindings` turns all findings
 * of one range into one problem naming every subject.
 */
export interface Finding extends Problem {
  about?: { subject: string; render: (subjects: string) => string };
}

/** `a`, `a and b`, `a, b, c and 4 more`. */
export function formatSubjects(subjects: readonly string[]): string {
  const shown = subjects.slice(0, 3).map((s) => `'${s}'`);
  const more = subjects.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0] ?? '';
}

function groupKey(f: Finding & { about: NonNullable<Finding['about']> }): string {
  const r = f.range;
  return `${f.code}\0${f.severity}\0${r.file}\0${r.line}:${r.col}-${r.endLine}:${r.endCol}\0${f.about.render('\u0001')}`;
}

/** Merges findings with the same code, severity, range and message shape; other problems pass unchanged. */
export function mergeFindings(findings: readonly Finding[]): Problem[] {
  const subjects = new Map<string, string[]>();
  const firsts: (Problem | { key: string; finding: Finding & { about: NonNullable<Finding['about']> } })[] = [];
  for (const f of findings) {
    if (!f.about) {
      firsts.push(f);
      continue;
    }
    const finding = f as Finding & { about: NonNullable<Finding['about']> };
    const key = groupKey(finding);
    const list = subjects.get(key);
    if (list) {
      if (!list.includes(finding.about.subject)) list.push(finding.about.subject);
    } else {
      subjects.set(key, [finding.about.subject]);
      firsts.push({ key, finding });
    }
  }
  return firsts.map((x) => {
    if (!('key' in x)) return x;
    const { about, ...problem } = x.finding;
    return { ...problem, message: about.render(formatSubjects(subjects.get(x.key) ?? [about.subject])) };
  });
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Orders problems by file, position, then severity and code (stable output for CLI and tests). */
export function compareProblems(a: Problem, b: Problem): number {
  const ra = a.range;
  const rb = b.range;
  return (
    ra.file.localeCompare(rb.file) || ra.line - rb.line || ra.col - rb.col || ra.endLine - rb.endLine || ra.endCol - rb.endCol ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code) || a.message.localeCompare(b.message)
  );
}

/** Drops exact duplicates (same code, range and message), e.g. one helper-built eval reported for each use. */
export function dedupeProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const r = p.range;
    const key = `${p.code}\0${r.file}\0${r.line}:${r.col}-${r.endLine}:${r.endCol}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
