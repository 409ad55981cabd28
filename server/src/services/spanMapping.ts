/**
 * Spans of the last good evaluation, placed on the current text: the evaluation may be a few keystrokes old (or
 * the current text may not evaluate at all), so each span is carried through the edits made since.
 */
import type { Range } from 'vscode-languageserver';
import { spanIn } from '../../../runtime/src/check';
import type { Span } from '../../../runtime/src/config';
import type { LineIndex } from '../../../runtime/src/pyparse';
import type { ConfigDocument } from '../documents';
import type { GoodAnalysis } from './analysis';

/** The span itself when it lies in `file`, else its call site in `file` (keys set inside helpers). */
export function spanInFile(span: Span, file: string): { span: Span; own: boolean } | undefined {
  const s = spanIn(span, file);
  return s ? { span: s, own: s === span } : undefined;
}

/** The span as a range of the current text, or undefined when the text it covered has been edited. */
export function mapSpan(doc: ConfigDocument, analysis: GoodAnalysis, span: Span): Range | undefined {
  const r = { start: { line: span.line - 1, character: span.col }, end: { line: span.endLine - 1, character: span.endCol } };
  return doc.mapRange(r, analysis.version);
}

/** The source a span covers in the text `lines` indexes. */
export function spanText(lines: LineIndex, span: Span): string {
  const from = lines.offsetAt({ line: span.line - 1, character: span.col });
  const to = lines.offsetAt({ line: span.endLine - 1, character: span.endCol });
  return lines.text.slice(from, to);
}
