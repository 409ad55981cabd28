/**
 * TPU capacity behind one interface: create / get / list / delete / stop / start nodes, the accelerator types and
 * runtime versions a zone offers, and queued resources. Everything outside `providers/` talks to this interface
 * only: the Cloud TPU API (`providers/cloudTpu.ts`) is maintenance-only and will not serve TPU7x and later, so a
 * Compute Engine provider must be able to take its place without the launcher, the CLI or the editor changing.
 *
 * Node states and health are the Cloud TPU names (`READY`, `PREEMPTED`, ...), which any provider can map onto.
 */

/** Where nodes live. */
export interface TpuLocation {
  project: string;
  zone: string;
}

export const NODE_STATES = [
  'STATE_UNSPECIFIED', 'CREATING', 'READY', 'RESTARTING', 'REIMAGING', 'DELETING', 'REPAIRING', 'STOPPED', 'STOPPING',
  'STARTING', 'PREEMPTED', 'TERMINATED', 'HIDING', 'HIDDEN', 'UNHIDING', 'UNKNOWN',
] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** States after which a node never becomes READY again by itself: it must be deleted and created anew. */
export const LOST_STATES: readonly NodeState[] = ['PREEMPTED', 'TERMINATED'];

/** One host of a node (a TPU VM), reachable over SSH. */
export interface TpuWorker {
  index: number;
  internalIp: string;
  /** Absent when the node was created without external IPs. */
  externalIp?: string;
}

export interface TpuSymptom {
  type: string;
  details: string;
  worker?: string;
}

export interface TpuNode {
  /** The short name (`my-node`), unique in its zone. */
  name: string;
  /** The provider's id of this incarnation: a node deleted and created again under the same name gets a new id. */
  id: string;
  location: TpuLocation;
  state: NodeState;
  health?: string;
  healthDescription?: string;
  acceleratorType: string;
  runtimeVersion: string;
  spot: boolean;
  workers: TpuWorker[];
  symptoms: TpuSymptom[];
  labels: Record<string, string>;
  metadata: Record<string, string>;
  createTime?: string;
  /** The queued resource the node was created from, if any. */
  queuedResource?: string;
}

export interface NodeRequest {
  name: string;
  acceleratorType: string;
  runtimeVersion: string;
  spot: boolean;
  /** The `ssh-keys` metadata value: `user:ssh-ed25519 AAAA... comment` lines. */
  sshKeys: string;
  labels?: Record<string, string>;
  description?: string;
}

export interface AcceleratorType {
  /** `v4-8`, `v5litepod-16`, ... */
  type: string;
  /** Chip topology, e.g. `2x2x1`, when the provider says. */
  topology?: string;
}

export interface QueuedResource {
  name: string;
  /** `ACCEPTED`, `PROVISIONING`, `ACTIVE`, `FAILED`, `SUSPENDED`, ... */
  state: string;
  nodeNames: string[];
}

/** Called while a long operation runs, with the node as last seen (state, health, symptoms). */
export type NodeProgress = (node: TpuNode | undefined, elapsedMs: number) => void;

export interface TpuProvider {
  /** A name for messages (`Cloud TPU API`). */
  readonly title: string;
  /** Creates a node and resolves when the creation operation has finished (the node is READY), or rejects with a
   * `ProvisionError` (failures.ts) that says what to do. */
  createNode(at: TpuLocation, request: NodeRequest, progress?: NodeProgress): Promise<TpuNode>;
  /** The node, or undefined when there is none of that name. */
  getNode(at: TpuLocation, name: string): Promise<TpuNode | undefined>;
  listNodes(at: TpuLocation): Promise<TpuNode[]>;
  /** Deletes the node and resolves when it is gone (resolves at once when there is none). */
  deleteNode(at: TpuLocation, name: string, progress?: NodeProgress): Promise<void>;
  stopNode(at: TpuLocation, name: string, progress?: NodeProgress): Promise<TpuNode>;
  startNode(at: TpuLocation, name: string, progress?: NodeProgress): Promise<TpuNode>;
  acceleratorTypes(at: TpuLocation): Promise<AcceleratorType[]>;
  /** Runtime (software) versions the zone offers, e.g. `tpu-ubuntu2204-base`, `v2-alpha-tpuv5-lite`. */
  runtimeVersions(at: TpuLocation): Promise<string[]>;
  listQueuedResources(at: TpuLocation): Promise<QueuedResource[]>;
  /** Queues a request for a node (served when capacity frees up); resolves once the request is accepted. */
  createQueuedResource(at: TpuLocation, id: string, request: NodeRequest): Promise<QueuedResource>;
  deleteQueuedResource(at: TpuLocation, id: string): Promise<void>;
  close(): Promise<void>;
}

/** The short name of a resource name (`projects/p/locations/z/nodes/n` → `n`). */
export function shortName(resource: string): string {
  return resource.slice(resource.lastIndexOf('/') + 1);
}
