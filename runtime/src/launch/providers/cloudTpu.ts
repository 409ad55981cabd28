/**
 * The TPU provider on the Cloud TPU API v2 (`@google-cloud/tpu`'s v2 `TpuClient`, the only file that imports it),
 * over REST. Long operations (create, delete, stop, start, queued resources) are followed by polling the operation
 * and the node, so a caller sees the node's state, health and symptoms while it waits, and no client-side total
 * timeout cuts a slow creation short. Errors become `ProvisionError`s that say what to do (failures.ts).
 *
 * Enums come back as names from `getNode` but as numbers from operations (the REST transport asks for numeric
 * enums): both are read.
 */
import { v2 } from '@google-cloud/tpu';
import type { protos } from '@google-cloud/tpu';
import type { AuthClient } from 'google-auth-library';
import { explainFailure, type FailureContext } from '../failures';
import {
  shortName,
  type AcceleratorType,
  type NodeProgress,
  type NodeRequest,
  type NodeState,
  type QueuedResource,
  type TpuLocation,
  type TpuNode,
  type TpuProvider,
} from '../provider';

type ApiNode = protos.google.cloud.tpu.v2.INode;
type ClientOptions = ConstructorParameters<typeof v2.TpuClient>[0];
type GetOperationRequest = Parameters<v2.TpuClient['operationsClient']['getOperation']>[0];

const STATE_BY_NUMBER: Record<number, NodeState> = {
  0: 'STATE_UNSPECIFIED', 1: 'CREATING', 2: 'READY', 3: 'RESTARTING', 4: 'REIMAGING', 5: 'DELETING', 6: 'REPAIRING',
  8: 'STOPPED', 9: 'STOPPING', 10: 'STARTING', 11: 'PREEMPTED', 12: 'TERMINATED', 13: 'HIDING', 14: 'HIDDEN',
  15: 'UNHIDING', 16: 'UNKNOWN',
};
const HEALTH_BY_NUMBER: Record<number, string> = { 0: 'HEALTH_UNSPECIFIED', 1: 'HEALTHY', 3: 'TIMEOUT', 4: 'UNHEALTHY_TENSORFLOW', 5: 'UNHEALTHY_MAINTENANCE' };
const QR_STATE_BY_NUMBER: Record<number, string> = {
  0: 'STATE_UNSPECIFIED', 1: 'CREATING', 2: 'ACCEPTED', 3: 'PROVISIONING', 4: 'FAILED', 5: 'DELETING', 6: 'ACTIVE',
  7: 'SUSPENDING', 8: 'SUSPENDED', 9: 'WAITING_FOR_RESOURCES',
};
const SYMPTOM_BY_NUMBER: Record<number, string> = { 0: 'SYMPTOM_TYPE_UNSPECIFIED', 1: 'LOW_MEMORY', 2: 'OUT_OF_MEMORY', 3: 'EXECUTE_TIMED_OUT', 4: 'MESH_BUILD_FAIL', 5: 'HBM_OUT_OF_MEMORY', 6: 'PROJECT_ABUSE' };

function enumName<T extends string>(value: unknown, byNumber: Record<number, T>, fallback: T): T {
  if (typeof value === 'number') return byNumber[value] ?? fallback;
  if (typeof value === 'string' && value) return value as T;
  return fallback;
}

/** A node as the API returns it, in the provider-neutral form. */
export function nodeFromApi(n: ApiNode, at: TpuLocation): TpuNode {
  const workers = (n.networkEndpoints ?? []).map((e, index) => ({
    index,
    internalIp: e.ipAddress ?? '',
    ...(e.accessConfig?.externalIp ? { externalIp: e.accessConfig.externalIp } : {}),
  }));
  const created = n.createTime?.seconds;
  return {
    name: shortName(n.name ?? ''),
    id: String(n.id ?? ''),
    location: at,
    state: enumName(n.state, STATE_BY_NUMBER, 'STATE_UNSPECIFIED'),
    ...(n.health !== undefined && n.health !== null ? { health: enumName(n.health, HEALTH_BY_NUMBER, 'HEALTH_UNSPECIFIED') } : {}),
    ...(n.healthDescription ? { healthDescription: n.healthDescription } : {}),
    acceleratorType: n.acceleratorType ?? '',
    runtimeVersion: n.runtimeVersion ?? '',
    spot: !!(n.schedulingConfig?.spot || n.schedulingConfig?.preemptible),
    workers,
    symptoms: (n.symptoms ?? []).map((s) => ({ type: enumName(s.symptomType, SYMPTOM_BY_NUMBER, 'SYMPTOM_TYPE_UNSPECIFIED'), details: s.details ?? '', ...(s.workerId ? { worker: s.workerId } : {}) })),
    labels: { ...(n.labels ?? {}) },
    metadata: { ...(n.metadata ?? {}) },
    ...(created !== undefined && created !== null ? { createTime: new Date(Number(created) * 1000).toISOString() } : {}),
    ...(n.queuedResource ? { queuedResource: n.queuedResource } : {}),
  };
}

export interface CloudTpuOptions {
  authClient: AuthClient;
  /** `http://HOST:PORT` or `https://HOST[:PORT]`: a REST endpoint other than tpu.googleapis.com. */
  endpoint?: string;
  /** How often long operations are polled (ms). */
  pollMs?: number;
}

/** TpuClient options for an endpoint URL. */
export function endpointOptions(endpoint: string): { apiEndpoint: string; port?: number; protocol: string } {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new Error(`BV_TPU_API_ENDPOINT=${endpoint} is not an http(s) URL; write it as http://HOST:PORT or https://HOST`);
  return { apiEndpoint: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), protocol: url.protocol.replace(':', '') };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls of an operation that may fail in a row on the network before the failure counts. */
const POLL_RETRIES = 5;

/** A network failure that a repeated read survives: a connection reset or refused, a timeout, UNAVAILABLE. */
export function isTransient(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  if (e.code === 14 || (typeof e.code === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN)$/.test(e.code))) return true;
  return typeof e.message === 'string' && /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up/.test(e.message);
}

export class CloudTpuProvider implements TpuProvider {
  readonly title = 'Cloud TPU API';
  private readonly client: v2.TpuClient;
  private readonly pollMs: number;

  constructor(opts: CloudTpuOptions) {
    // gax types `authClient` as google-auth-library's JSON clients, but any AuthClient works (only its request
    // headers are used), including the OAuth2Client holding a static token.
    const authClient = opts.authClient as NonNullable<ClientOptions>['authClient'];
    this.client = new v2.TpuClient({ fallback: true, authClient, ...(opts.endpoint ? endpointOptions(opts.endpoint) : {}) });
    this.pollMs = opts.pollMs ?? 5000;
  }

  private parent(at: TpuLocation): string {
    return `projects/${at.project}/locations/${at.zone}`;
  }

  private nodePath(at: TpuLocation, name: string): string {
    return `${this.parent(at)}/nodes/${name}`;
  }

  /** Runs an API call, turning its error into one that says what to do. */
  private async call<T>(ctx: FailureContext, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw explainFailure(err, ctx);
    }
  }

  /** Polls operation `opName` to its end, reporting the node meanwhile; throws its error, explained. */
  private async waitOperation(opName: string, at: TpuLocation, node: string | undefined, ctx: FailureContext, progress?: NodeProgress): Promise<void> {
    const start = Date.now();
    let failures = 0;
    for (;;) {
      let op;
      try {
        [op] = await this.client.operationsClient.getOperation({ name: opName } as GetOperationRequest);
        failures = 0;
      } catch (err) {
        // Reading an operation again is harmless, and a dropped connection must not abandon a creation or deletion
        // half way (a node left behind costs money).
        if (isTransient(err) && ++failures <= POLL_RETRIES) {
          await delay(this.pollMs);
          continue;
        }
        throw explainFailure(err, ctx);
      }
      if (progress && node) progress(await this.getNode(at, node).catch(() => undefined), Date.now() - start);
      if (op.done) {
        if (op.error && op.error.code) throw explainFailure(Object.assign(new Error(op.error.message ?? 'operation failed'), { code: op.error.code }), ctx);
        return;
      }
      await delay(this.pollMs);
    }
  }

  private apiNode(req: NodeRequest): ApiNode {
    return {
      acceleratorType: req.acceleratorType,
      runtimeVersion: req.runtimeVersion,
      schedulingConfig: { spot: req.spot },
      metadata: { 'ssh-keys': req.sshKeys },
      networkConfig: { enableExternalIps: true },
      ...(req.labels ? { labels: req.labels } : {}),
      ...(req.description ? { description: req.description } : {}),
    };
  }

  async createNode(at: TpuLocation, req: NodeRequest, progress?: NodeProgress): Promise<TpuNode> {
    const ctx: FailureContext = { ...at, node: req.name, acceleratorType: req.acceleratorType, runtimeVersion: req.runtimeVersion, spot: req.spot };
    const [op] = await this.call(ctx, () => this.client.createNode({ parent: this.parent(at), nodeId: req.name, node: this.apiNode(req) }));
    await this.waitOperation(op.name as string, at, req.name, ctx, progress);
    const node = await this.getNode(at, req.name);
    if (!node) throw explainFailure(Object.assign(new Error(`node ${req.name} was created but is gone`), { code: 5 }), ctx);
    return node;
  }

  async getNode(at: TpuLocation, name: string): Promise<TpuNode | undefined> {
    try {
      const [n] = await this.client.getNode({ name: this.nodePath(at, name) });
      return nodeFromApi(n, at);
    } catch (err) {
      if ((err as { code?: number }).code === 5) return undefined;
      throw explainFailure(err, { ...at, node: name });
    }
  }

  async listNodes(at: TpuLocation): Promise<TpuNode[]> {
    const [nodes] = await this.call(at, () => this.client.listNodes({ parent: this.parent(at) }));
    return nodes.map((n) => nodeFromApi(n, at));
  }

  async deleteNode(at: TpuLocation, name: string, progress?: NodeProgress): Promise<void> {
    const ctx = { ...at, node: name };
    let opName: string;
    try {
      const [op] = await this.client.deleteNode({ name: this.nodePath(at, name) });
      opName = op.name as string;
    } catch (err) {
      if ((err as { code?: number }).code === 5) return;
      throw explainFailure(err, ctx);
    }
    await this.waitOperation(opName, at, name, ctx, progress);
  }

  async stopNode(at: TpuLocation, name: string, progress?: NodeProgress): Promise<TpuNode> {
    const ctx = { ...at, node: name };
    const [op] = await this.call(ctx, () => this.client.stopNode({ name: this.nodePath(at, name) }));
    await this.waitOperation(op.name as string, at, name, ctx, progress);
    return this.mustGet(at, name);
  }

  async startNode(at: TpuLocation, name: string, progress?: NodeProgress): Promise<TpuNode> {
    const ctx = { ...at, node: name };
    const [op] = await this.call(ctx, () => this.client.startNode({ name: this.nodePath(at, name) }));
    await this.waitOperation(op.name as string, at, name, ctx, progress);
    return this.mustGet(at, name);
  }

  private async mustGet(at: TpuLocation, name: string): Promise<TpuNode> {
    const node = await this.getNode(at, name);
    if (!node) throw explainFailure(Object.assign(new Error(`node ${name} not found`), { code: 5 }), { ...at, node: name });
    return node;
  }

  async acceleratorTypes(at: TpuLocation): Promise<AcceleratorType[]> {
    const [types] = await this.call(at, () => this.client.listAcceleratorTypes({ parent: this.parent(at) }));
    return types.map((t) => {
      const topology = t.acceleratorConfigs?.[0]?.topology;
      return { type: t.type ?? shortName(t.name ?? ''), ...(topology ? { topology } : {}) };
    });
  }

  async runtimeVersions(at: TpuLocation): Promise<string[]> {
    const [versions] = await this.call(at, () => this.client.listRuntimeVersions({ parent: this.parent(at) }));
    return versions.map((v) => v.version ?? shortName(v.name ?? ''));
  }

  async listQueuedResources(at: TpuLocation): Promise<QueuedResource[]> {
    const [list] = await this.call(at, () => this.client.listQueuedResources({ parent: this.parent(at) }));
    return list.map((q) => ({
      name: shortName(q.name ?? ''),
      state: enumName(q.state?.state, QR_STATE_BY_NUMBER, 'STATE_UNSPECIFIED'),
      nodeNames: (q.tpu?.nodeSpec ?? []).map((s) => s.nodeId ?? '').filter(Boolean),
    }));
  }

  async createQueuedResource(at: TpuLocation, id: string, req: NodeRequest): Promise<QueuedResource> {
    const ctx: FailureContext = { ...at, node: req.name, acceleratorType: req.acceleratorType, runtimeVersion: req.runtimeVersion, spot: req.spot };
    const parent = this.parent(at);
    const node = { ...this.apiNode(req), schedulingConfig: undefined };
    const [op] = await this.call(ctx, () =>
      this.client.createQueuedResource({
        parent,
        queuedResourceId: id,
        queuedResource: { tpu: { nodeSpec: [{ parent, nodeId: req.name, node }] }, ...(req.spot ? { spot: {} } : {}) },
      }),
    );
    await this.waitOperation(op.name as string, at, undefined, ctx);
    const found = (await this.listQueuedResources(at)).find((q) => q.name === id);
    return found ?? { name: id, state: 'ACCEPTED', nodeNames: [req.name] };
  }

  async deleteQueuedResource(at: TpuLocation, id: string): Promise<void> {
    const ctx = { ...at, node: id };
    const [op] = await this.call(ctx, () => this.client.deleteQueuedResource({ name: `${this.parent(at)}/queuedResources/${id}` }));
    await this.waitOperation(op.name as string, at, undefined, ctx);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
