/**
 * The text around the charts: the runs (colour, name, how far the read is, bad lines), the status line (the
 * "loading n%" while a big file is read, and what the preview is), the note on derived time axes, and the
 * config comparison of two or more runs (only the keys that differ, missing ones marked).
 */
import type { ConfigCompare, RunView, XMode } from '../../../src/webview/contract';
import { formatCount } from '../charts/format';
import { h, swatch } from '../dom';

function phaseText(r: RunView): string {
  switch (r.phase) {
    case 'waiting':
      return 'no metrics yet';
    case 'preview':
      return `loading ${Math.floor(r.loaded * 100)}%`;
    case 'live':
      return `${formatCount(r.lines)} lines, live`;
    case 'error':
      return `error: ${r.error ?? 'unreadable'}`;
  }
}

export function runsList(runs: readonly RunView[]): HTMLElement {
  return h(
    'ul',
    { class: 'runs' },
    ...runs.map((r) =>
      h(
        'li',
        { 'data-run': r.workdir, 'data-phase': r.phase, title: r.workdir },
        swatch(r.color),
        h('span', { class: 'run-label' }, r.label),
        h('span', { class: `run-phase phase-${r.phase}` }, phaseText(r)),
        ...(r.problems ? [h('span', { class: 'run-problems', title: r.firstProblem ?? '' }, `${formatCount(r.problems)} bad line${r.problems > 1 ? 's' : ''} skipped`)] : []),
      ),
    ),
  );
}

/** The status line: empty when every run is read whole. */
export function statusText(runs: readonly RunView[]): string {
  const previews = runs.filter((r) => r.phase === 'preview');
  if (!previews.length) return '';
  const loaded = previews.reduce((a, r) => a + r.loaded, 0) / previews.length;
  const sampled = previews.reduce((a, r) => a + r.lines, 0);
  const total = previews.reduce((a, r) => a + (r.totalLines ?? 0), 0);
  return `Loading ${Math.floor(loaded * 100)}% — preview drawn from ${formatCount(sampled)} sampled lines of ~${formatCount(total)}; exact curves (every spike) replace it when the whole file is read.`;
}

/** Says how the time axes are derived, and which runs they cannot show. */
export function axisNote(mode: XMode, runs: readonly RunView[]): string {
  if (mode === 'step') return '';
  const parts = ['Time is derived: interpolated from the uptime logged at training log steps.'];
  if (mode === 'wall') {
    const fromConfig = runs.filter((r) => r.startSource === 'config.json').map((r) => r.label);
    parts.push(`Wall time = run start + uptime${fromConfig.length ? ` (start of ${fromConfig.join(', ')}: when config.json was written)` : ''}.`);
    const noStart = runs.filter((r) => r.startMs === undefined).map((r) => r.label);
    if (noStart.length) parts.push(`No start time known for ${noStart.join(', ')}: not shown.`);
  }
  const noUptime = runs.filter((r) => !r.hasUptime && r.phase !== 'waiting').map((r) => r.label);
  if (noUptime.length) parts.push(`No uptime logged by ${noUptime.join(', ')}: shown on the step axis only.`);
  return parts.join(' ');
}

export function compareTable(compare: ConfigCompare, runs: readonly RunView[]): HTMLElement {
  const byRun = new Map(runs.map((r) => [r.workdir, r]));
  const head = h('tr', {}, h('th', {}, 'config key'), ...compare.runs.map((w) => h('th', { title: w }, swatch(byRun.get(w)?.color ?? 'gray'), byRun.get(w)?.label ?? w)));
  const rows = compare.rows.map((row) =>
    h('tr', { 'data-key': row.key }, h('td', { class: 'key' }, row.key), ...row.values.map((v) => (v === null ? h('td', { class: 'missing', title: 'not in this run\'s config.json' }, 'missing') : h('td', {}, v)))),
  );
  const errors = compare.errors.map((e) => h('p', { class: 'compare-error' }, `${byRun.get(e.run)?.label ?? e.run}: ${e.message}`));
  return h(
    'section',
    { class: 'compare', 'data-compare': compare.rows.length },
    h('h2', {}, 'Config differences'),
    ...(compare.rows.length ? [h('table', {}, h('thead', {}, head), h('tbody', {}, ...rows))] : compare.runs.length > 1 ? [h('p', {}, 'The configs are identical.')] : []),
    ...errors,
  );
}
