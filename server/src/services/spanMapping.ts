/**
 * Spans of the last good evaluation, placed on the current text: the evaluation may be a few keystrokes old (or
 * the current text may not evaluate at all), so each span is carried through the edits made since.
 */
import type { Range } from 'vscode-languageserver';
import type { Span } from '../../../runtime/src/config/protocol';
import type { ConfigDocument } from '../documents';
import type { GoodAnalysis } from './analysis';

/** The span itself when it lies in `file`, else its call site in `file` (keys set inside helpers). */
export function spanInFile(span: Span, file: string): { span: Span; own: boolean } | undefined {
  let s: Span | undefined = span;
  let own = true;
  while (s && s.file !== file) {
    s = s.via;
    own = false;
  }
  return s ? { span: s, own } : undefined;
}

/** The span as a range of the current text, or undefined when the text it covered has been edited. */
export function mapSpan(doc: ConfigDocument, analysis: GoodAnalysis, span: Span): Range | undefined {
  const r = { start: { line: span.line - 1, character: span.col }, end: { line: span.endLine - 1, character: span.endCol } };
  return doc.mapRange(r, analysis.version);
}

/** Offsets of line starts of `text` (to slice the evaluated source by span). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The source a span covers in `text`. */
export function spanText(text: string, starts: number[], span: Span): string {
  const from = (starts[span.line - 1] ?? text.length) + span.col;
  const to = (starts[span.endLine - 1] ?? text.length) + span.endCol;
  return text.slice(from, to);
}
