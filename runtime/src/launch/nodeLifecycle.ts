/**
 * Getting a node to READY whatever state it is in, and taking it away: create it (the runtime version defaults to
 * the newest the zone lists for the accelerator's generation), wait out a creation or repair in progress, start a
 * stopped one, and replace a preempted or terminated one (delete, then create under the same name). Progress is
 * reported as the node's state, health and symptoms change.
 */
import { acceleratorInfo, defaultRuntimeVersion } from './acceleratorTypes';
import { estimatePrice } from './prices';
import { LOST_STATES, type NodeProgress, type TpuLocation, type TpuNode, type TpuProvider } from './provider';

export interface NodeWish {
  at: TpuLocation;
  name: string;
  /** Needed to create the node. */
  acceleratorType?: string;
  runtimeVersion?: string;
  spot: boolean;
  /** The `ssh-keys` metadata entry of our key (`user:ssh-ed25519 ...`). */
  sshKeys: string;
  labels?: Record<string, string>;
}

type Say = (line: string) => void;

/** A progress callback that reports each change of state, health or symptoms once. */
export function progressReporter(name: string, say: Say): NodeProgress {
  let last = '';
  return (node, elapsedMs) => {
    if (!node) return;
    const symptoms = node.symptoms.map((s) => `${s.type}${s.details ? `: ${s.details}` : ''}`).join('; ');
    const text = [node.state, node.health && !['HEALTHY', 'HEALTH_UNSPECIFIED'].includes(node.health) ? `health ${node.health}` : '', node.healthDescription ?? '', symptoms].filter(Boolean).join(', ');
    if (text === last) return;
    last = text;
    say(`node ${name}: ${text} (${Math.round(elapsedMs / 1000)} s)`);
  };
}

/** One line describing what a node of `type` is: chips, hosts, estimated price. */
export function describeShape(type: string, spot: boolean): string {
  const info = acceleratorInfo(type);
  const price = estimatePrice(type, spot);
  return [type, info ? `${info.chips} chips on ${info.hosts} host${info.hosts > 1 ? 's' : ''}` : '', spot ? 'spot' : 'on-demand', price?.label ?? ''].filter(Boolean).join(', ');
}

export async function createNode(provider: TpuProvider, wish: NodeWish, say: Say): Promise<TpuNode> {
  if (!wish.acceleratorType) {
    throw new Error(`node ${wish.name} does not exist in ${wish.at.project}/${wish.at.zone}; give --accelerator-type (e.g. v4-8; bv tpu accelerator-types --zone ${wish.at.zone} lists them) to create it`);
  }
  const runtimeVersion = wish.runtimeVersion ?? defaultRuntimeVersion(wish.acceleratorType, await provider.runtimeVersions(wish.at), wish.at.zone);
  say(`creating node ${wish.name} in ${wish.at.zone}: ${describeShape(wish.acceleratorType, wish.spot)}, runtime ${runtimeVersion}`);
  const node = await provider.createNode(
    wish.at,
    { name: wish.name, acceleratorType: wish.acceleratorType, runtimeVersion, spot: wish.spot, sshKeys: wish.sshKeys, labels: { 'created-by': 'big-vision-studio', ...wish.labels } },
    progressReporter(wish.name, say),
  );
  say(`node ${wish.name} created: READY, ${node.workers.length} worker${node.workers.length > 1 ? 's' : ''} (id ${node.id})`);
  return node;
}

export async function deleteNode(provider: TpuProvider, at: TpuLocation, name: string, say: Say): Promise<void> {
  say(`deleting node ${name}`);
  await provider.deleteNode(at, name, progressReporter(name, say));
  say(`node ${name} deleted`);
}

const TRANSIENT = ['CREATING', 'STARTING', 'RESTARTING', 'REPAIRING', 'REIMAGING', 'STOPPING', 'DELETING', 'UNHIDING'];

/** Polls until the node leaves the transient states (or is gone). */
async function settle(provider: TpuProvider, wish: NodeWish, node: TpuNode, say: Say, pollMs: number): Promise<TpuNode | undefined> {
  const report = progressReporter(wish.name, say);
  const start = Date.now();
  let current: TpuNode | undefined = node;
  while (current && TRANSIENT.includes(current.state)) {
    report(current, Date.now() - start);
    await new Promise((r) => setTimeout(r, pollMs));
    current = await provider.getNode(wish.at, wish.name);
  }
  return current;
}

/** The node READY: used as it is, waited for, started, or (missing, preempted, terminated) created anew. */
export async function ensureNode(provider: TpuProvider, wish: NodeWish, say: Say, pollMs = 5000): Promise<TpuNode> {
  let node = await provider.getNode(wish.at, wish.name);
  if (node) node = await settle(provider, wish, node, say, pollMs);
  if (!node) return createNode(provider, wish, say);
  if (LOST_STATES.includes(node.state)) {
    say(`node ${wish.name} is ${node.state}: it cannot run again and is replaced`);
    await deleteNode(provider, wish.at, wish.name, say);
    return createNode(provider, { ...wish, acceleratorType: wish.acceleratorType ?? node.acceleratorType, runtimeVersion: wish.runtimeVersion ?? node.runtimeVersion, spot: wish.spot || node.spot }, say);
  }
  if (node.state === 'STOPPED') {
    say(`starting stopped node ${wish.name}`);
    node = await provider.startNode(wish.at, wish.name, progressReporter(wish.name, say));
  }
  if (node.state !== 'READY') throw new Error(`node ${wish.name} is ${node.state}, not READY; see bv tpu describe ${wish.name}`);
  if (wish.acceleratorType && node.acceleratorType !== wish.acceleratorType) {
    say(`node ${wish.name} exists as ${node.acceleratorType} (not ${wish.acceleratorType}); using it as it is`);
  }
  const keyBody = wish.sshKeys.split(' ').slice(0, 2).join(' ');
  if (!(node.metadata['ssh-keys'] ?? '').includes(keyBody.slice(keyBody.indexOf(':') + 1))) {
    throw new Error(
      `node ${wish.name} was created without our SSH key, so its workers will refuse us. Delete it (bv tpu delete ${wish.name}) and let bv tpu run create it, or add this line to its ssh-keys metadata: ${wish.sshKeys}`,
    );
  }
  say(`using node ${wish.name}: READY, ${node.acceleratorType}, ${node.workers.length} worker${node.workers.length > 1 ? 's' : ''} (id ${node.id})`);
  return node;
}
