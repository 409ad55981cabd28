/**
 * How TPU nodes and a TPU run read in the editor, as pure functions: the confirmation before a run (chips, hosts,
 * the estimated $/hour, marked as an estimate with the price table's date), the `bv tpu run` flags of the choices,
 * a node's row in the TPU Nodes view, the status-bar text, and the idle guard (a READY node that runs nothing of
 * ours for a while gets one warning per idle stretch).
 */
import { acceleratorInfo } from '../../../runtime/src/launch/acceleratorTypes';
import { estimatePrice, PRICE_SOURCE } from '../../../runtime/src/launch/prices';
import { tpuFlags, type ListedNode, type TpuSettings } from '../../../runtime/src/launch/tpuCli';
import type { TpuChoices } from './tpuFlow';

/** The `bv tpu run` flags (besides config, workdir and engine) for `choices`. */
export function targetFlags(choices: TpuChoices, settings: Omit<TpuSettings, 'project' | 'zone'>): string[] {
  return [
    ...tpuFlags({ ...settings, project: choices.project, zone: choices.zone }, true),
    '--accelerator-type', choices.acceleratorType,
    '--runtime-version', choices.runtimeVersion,
    ...(choices.spot ? ['--spot'] : []),
  ];
}

export interface Confirmation {
  message: string;
  detail: string;
  /** The button that starts the run. */
  action: string;
}

/** The question asked before a run starts: what it costs and where it goes. */
export function confirmation(choices: TpuChoices, configShown: string, existing?: ListedNode): Confirmation {
  const type = existing?.acceleratorType ?? choices.acceleratorType;
  const spot = existing?.spot ?? choices.spot;
  const info = acceleratorInfo(type);
  const price = estimatePrice(type, spot);
  const hosts = existing?.workers.length || info?.hosts;
  const shape = info ? `${info.chips} chip${info.chips === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}` : `${hosts ?? '?'} host(s)`;
  const engine =
    choices.engine === 'tfjs'
      ? `tfjs (the bundled trainer)${hosts && hosts > 1 ? `, on worker 0 only of the ${hosts} hosts` : ''}`
      : `big_vision (upstream JAX), on ${hosts && hosts > 1 ? `all ${hosts} workers` : 'the worker'}`;
  const lines = [
    `${type}: ${shape}, ${spot ? 'spot' : 'on-demand'}`,
    price ? `Cost: ${price.label}. Prices differ by region and change; see ${PRICE_SOURCE}` : `Cost: no estimate for ${type} (the price table does not hold its generation)`,
    existing ? `Node: ${existing.name}, which exists (${existing.state}) and is used as it is` : `Node: ${choices.node}, created in ${choices.project} / ${choices.zone} with runtime ${choices.runtimeVersion} unless it exists`,
    `Engine: ${engine}`,
    choices.workdir.startsWith('gs://')
      ? `Workdir: ${choices.workdir} (the trainers write and checkpoint there; metrics and config.json are tailed into the run's folder in runs/)`
      : `Workdir: ${choices.workdir} (metrics, config.json and checkpoints are mirrored here)`,
    'The node keeps running, and costing, after the run until you delete it (TPU Nodes view).',
  ];
  return { message: `Run ${configShown} on TPU node ${choices.node}?${price ? ` ${price.label.replace(/ \(.*/, '')} (estimate)` : ''}`, detail: lines.join('\n'), action: 'Run on TPU' };
}

/** A node's row: description and tooltip. */
export function nodeDescription(n: ListedNode): string {
  const hosts = `${n.workers.length || acceleratorInfo(n.acceleratorType)?.hosts || '?'} host${n.workers.length === 1 ? '' : 's'}`;
  return [n.state, n.acceleratorType, hosts, n.spot ? 'spot' : '', n.price ? `~$${n.price.usdPerHour.toFixed(2)}/h` : ''].filter(Boolean).join(' · ');
}

export function nodeTooltip(n: ListedNode, busy: boolean): string {
  return [
    `${n.name} (${n.location.project} / ${n.location.zone}), id ${n.id}`,
    `${n.state}${n.health ? `, health ${n.health}` : ''}`,
    `${n.acceleratorType}, runtime ${n.runtimeVersion}, ${n.spot ? 'spot' : 'on-demand'}`,
    ...n.workers.map((w) => `worker ${w.index}: ${w.externalIp ?? w.internalIp}`),
    n.price ? n.price.label : 'no price estimate',
    busy ? 'A run of this window\'s runs folder is on it.' : 'Runs nothing of ours.',
  ].join('\n');
}

/** The status-bar item: the nodes that cost money now, with their total estimated $/hour. */
export function statusText(nodes: readonly ListedNode[]): { text: string; tooltip: string } | undefined {
  const live = nodes.filter((n) => !['DELETING', 'STOPPED', 'PREEMPTED', 'TERMINATED'].includes(n.state));
  if (!live.length) return undefined;
  const usd = live.reduce((sum, n) => sum + (n.price?.usdPerHour ?? 0), 0);
  const unpriced = live.some((n) => !n.price);
  const name = live.length === 1 ? `${live[0].name} ${live[0].state}` : `${live.length} TPU nodes`;
  return {
    text: `$(cloud) ${name} ~$${usd.toFixed(2)}/h${unpriced ? '+' : ''}`,
    tooltip: [...live.map((n) => `${n.name}: ${n.state}, ${n.acceleratorType}, ${n.price?.label ?? 'no estimate'}`), 'Estimated from a dated list-price table; click to show the TPU Nodes view.'].join('\n'),
  };
}

/**
 * Tracks how long each READY node has run nothing of ours; `update` returns the nodes to warn about now: idle for
 * at least `idleMs`, and not yet warned about in this idle stretch (a node that runs something again, or is
 * recreated with a new id, starts a new stretch).
 */
export class IdleGuard {
  private readonly idleSince = new Map<string, number>();
  private readonly warned = new Set<string>();

  update(nodes: readonly ListedNode[], busy: ReadonlySet<string>, idleMs: number, now = Date.now()): ListedNode[] {
    const out: ListedNode[] = [];
    const seen = new Set<string>();
    for (const n of nodes) {
      const key = n.id;
      seen.add(key);
      if (n.state !== 'READY' || busy.has(n.name)) {
        this.idleSince.delete(key);
        this.warned.delete(key);
        continue;
      }
      const since = this.idleSince.get(key) ?? now;
      this.idleSince.set(key, since);
      if (now - since >= idleMs && !this.warned.has(key)) {
        this.warned.add(key);
        out.push(n);
      }
    }
    for (const key of [...this.idleSince.keys()]) if (!seen.has(key)) this.idleSince.delete(key);
    for (const key of [...this.warned]) if (!seen.has(key)) this.warned.delete(key);
    return out;
  }
}

/** The idle warning's text. */
export function idleWarning(n: ListedNode, idleMinutes: number): string {
  const cost = n.price ? ` It costs ${n.price.label}.` : '';
  return `Big Vision: TPU node ${n.name} is READY and has run nothing of ours${idleMinutes > 0 ? ` for ${idleMinutes} min` : ''}.${cost}`;
}
