/**
 * Which charts go together, in which order: training metrics (names without `/`, plus the chronometer's
 * `img/sec/core`), then one group per eval prefix (`val/`, `test/`, ... in the order the file first names
 * them), timings (`z/`) last. Within a group, the order in which the runs' files first name the metrics.
 */
import { PROGRESS_METRICS } from '../../../../runtime/src/metrics/contract';
import type { ChartGroup } from '../contract';

const TRAINING = 'training';
const TIMINGS = 'z';
const PROGRESS = new Set<string>(PROGRESS_METRICS);

/** The group id of a metric. */
export function groupOf(metric: string): string {
  const slash = metric.indexOf('/');
  if (slash < 0 || PROGRESS.has(metric)) return TRAINING;
  return metric.slice(0, slash);
}

/** Groups of `metrics` (names in first-appearance order, without repeats). */
export function groupMetrics(metrics: Iterable<string>): ChartGroup[] {
  const groups = new Map<string, string[]>();
  for (const m of metrics) {
    const id = groupOf(m);
    const list = groups.get(id);
    if (list) list.push(m);
    else groups.set(id, [m]);
  }
  const rank = (id: string) => (id === TRAINING ? 0 : id === TIMINGS ? 2 : 1);
  return [...groups.entries()]
    .map(([id, list], order) => ({ id, list, order }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.order - b.order)
    .map(({ id, list }) => ({ id, title: id === TRAINING ? 'Training' : id === TIMINGS ? 'Timings (z/)' : `${id}/`, metrics: list }));
}
