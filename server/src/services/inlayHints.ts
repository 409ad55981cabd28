/**
 * Inlay hints after the statements that set durations written in epochs, examples or percent (`→ 93,834
 * steps`), keys that hold `get_ref` references (`→ 4001`, as the engine marks them) and `model_name` (`student_name` in a
 * distillation config: the trained model's parameters and GFLOPs per image), from the last good evaluation.
 */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { LineIndex } from '../../../runtime/src/pyparse';
import type { ConfigDocument } from '../documents';
import type { GoodAnalysis } from './analysis';
import { durationAt, durationInputs } from './durationView';
import { pyValue, shortValue } from './pyValue';
import { mapSpan, spanText } from './spanMapping';
import { modelFactsInlay, modelFactsOf } from './modelFactsView';
import { valueAt } from './registryView';

function inside(r: Range, window: Range): boolean {
  return !(r.end.line < window.start.line || r.start.line > window.end.line);
}

export class InlayHintService {
  doInlayHints(doc: ConfigDocument, window: Range, analysis: GoodAnalysis | undefined, tfdsDataDir: string): InlayHint[] {
    if (!analysis) return [];
    try {
      const { config, spans } = analysis.result;
      const inputs = typeof config === 'object' && config !== null && !Array.isArray(config) ? durationInputs(config, tfdsDataDir) : {};
      const lines = new LineIndex(analysis.text);
      const facts = modelFactsOf(config);
      const hints: InlayHint[] = [];
      for (const [keyPath, span, kind] of spans) {
        if (span.file !== doc.file || span.via) continue;
        const path = keyPath.map(String);
        let label: string | undefined;
        const duration = durationAt(config, path, tfdsDataDir, inputs);
        if (facts && path.length === 1 && path[0] === (facts.role === 'student' ? 'student_name' : 'model_name')) {
          label = modelFactsInlay(facts);
        } else if (duration && duration.unit !== 'steps') {
          label = duration.steps !== undefined ? `→ ${duration.steps.toLocaleString('en-US')} steps` : undefined;
        } else if (kind?.ref) {
          // A field another key takes a get_ref of holds a reference too: hint only values the text does not show.
          const value = valueAt(config, keyPath);
          const written = spanText(lines, span).replace(/^[^=:]*?(?:(?<![=!<>])=(?!=)|:)/, '').trim();
          if (value !== undefined && (value === null || typeof value !== 'object') && written !== pyValue(value, kind)) label = `→ ${shortValue(value, kind)}`;
        }
        if (!label) continue;
        const range = mapSpan(doc, analysis, span);
        if (!range || !inside(range, window)) continue;
        hints.push({ position: range.end, label, kind: InlayHintKind.Type, paddingLeft: true });
      }
      hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
      return hints;
    } catch (err) {
      console.error(`inlay hints for ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return [];
    }
  }
}
