/**
 * How a run reads in the Runs view and the status bar: its one-line description (status, step/total, the metrics
 * a researcher looks at first, duration), its tooltip (config, arg, overrides, labels, why it has its status, the
 * error's last lines) and its icon. Pure functions over a run summary, so they are tested without VS Code.
 */
import * as path from 'node:path';
import type { RunSummary } from '../../../runtime/src/runs/summary';
import type { RunStatus } from '../../../runtime/src/runs/status';
import { formatEta as formatDuration } from '../../../runtime/src/train/progress';

export { formatDuration };

/** A codicon and the theme colour it is drawn in, per status. */
export const STATUS_ICONS: Readonly<Record<RunStatus, { icon: string; color?: string }>> = {
  running: { icon: 'sync~spin', color: 'charts.blue' },
  finished: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  interrupted: { icon: 'debug-pause', color: 'charts.yellow' },
  unknown: { icon: 'question' },
};

/** Seconds from start to end (or to `now` while it runs); undefined without a start. */
export function runSeconds(s: RunSummary, now = Date.now()): number | undefined {
  if (!s.started) return undefined;
  const end = s.ended ? Date.parse(s.ended) : s.status === 'running' ? now : undefined;
  return end === undefined ? undefined : Math.max(0, (end - Date.parse(s.started)) / 1000);
}

function short(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

/** The metrics shown beside a run: the training loss, and the first eval's prec@1 (else its loss). */
export function headlineMetrics(last: Readonly<Record<string, number>>): Array<[string, number]> {
  const names = Object.keys(last);
  const evalMetric = names.find((n) => /\/prec@1$/.test(n)) ?? names.find((n) => /\/(?:loss|accuracy)$/.test(n));
  return ['training_loss', evalMetric].filter((n): n is string => !!n && n in last).map((n) => [n, last[n]]);
}

/** `step/total` (or `step` when the total is unknown), with the percentage. */
export function progressText(s: RunSummary): string | undefined {
  if (s.step === null) return undefined;
  if (!s.total_steps) return `step ${s.step}`;
  return `${s.step}/${s.total_steps} (${Math.min(100, Math.floor((100 * s.step) / s.total_steps))}%)`;
}

/** The line beside the run's name. */
export function runDescription(s: RunSummary, now = Date.now()): string {
  const parts: string[] = [s.status];
  const progress = progressText(s);
  if (progress) parts.push(progress);
  for (const [name, value] of headlineMetrics(s.last)) parts.push(`${name === 'training_loss' ? 'loss' : name} ${short(value)}`);
  const secs = runSeconds(s, now);
  if (secs !== undefined) parts.push(formatDuration(secs));
  if (s.status === 'running' && s.eta_seconds !== null) parts.push(`ETA ${formatDuration(s.eta_seconds)}`);
  return parts.join(' · ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** The tooltip, as Markdown. */
export function runTooltip(s: RunSummary): string {
  const lines = [`**${s.name}** — ${s.status}: ${s.reason}`, '', `workdir: ${code(s.workdir)}`];
  if (s.remote_workdir) lines.push(`trainers' workdir: ${code(s.remote_workdir)} (checkpoints there; metrics tailed here)`);
  if (s.engine) lines.push(`engine: ${s.engine === 'tfjs' ? 'bundled TensorFlow.js (bv train)' : 'upstream big_vision (JAX)'}`);
  if (s.config) lines.push(`config: ${code(s.arg === null ? s.config : `${s.config}:${s.arg}`)}`);
  if (s.overrides.length) lines.push(`overrides: ${s.overrides.map((o) => code(`--config.${o}`)).join(' ')}`);
  const labels = Object.entries(s.labels);
  if (labels.length) lines.push(`labels: ${labels.map(([k, v]) => code(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)).join(' ')}`);
  if (s.started) lines.push(`started: ${s.started}${s.ended ? `, ended: ${s.ended}` : ''}`);
  const metrics = Object.entries(s.last).filter(([n]) => !n.startsWith('z/'));
  if (metrics.length) lines.push('', ...metrics.slice(0, 12).map(([n, v]) => `- ${n}: ${short(v)}`));
  if (s.error?.length) lines.push('', '```', ...s.error.slice(-8), '```');
  if (s.problems.length) lines.push('', ...s.problems.slice(0, 3).map((p) => `⚠ ${p}`));
  return lines.join('\n');
}

/** The folder a run is grouped under in the view: its parent when that is not a root (a sweep), else none. */
export function runGroup(workdir: string, roots: readonly string[]): string | undefined {
  const parent = path.dirname(workdir);
  return roots.includes(parent) || roots.includes(workdir) ? undefined : parent;
}

/** The status-bar text for a running run. */
export function statusBarText(s: RunSummary): string {
  const progress = s.step === null ? 'starting' : s.total_steps ? `${s.step}/${s.total_steps}` : `step ${s.step}`;
  const eta = s.eta_seconds !== null ? ` · ETA ${formatDuration(s.eta_seconds)}` : '';
  return `$(sync~spin) ${s.name} ${progress}${eta}`;
}
