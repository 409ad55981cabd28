/**
 * A fake Cloud TPU API v2 for tests: a real HTTP server speaking the REST paths `@google-cloud/tpu` uses
 * (`/v2/projects/P/locations/Z/nodes[/N][:stop|:start]`, `.../operations/ID`, `.../acceleratorTypes`,
 * `.../runtimeVersions`, `.../queuedResources`, `/v{1,2}/projects/P/locations`), with long-running operations and
 * the node states a real node goes through (CREATING → READY, STOPPING → STOPPED, DELETING → gone). Tests inject a
 * capacity error (the real message, as the operation's error with code 8) and preemption (READY → PREEMPTED).
 *
 * Machines are not its business: a `FakeMachines` (sshWorkers.ts) brings a node's workers up when it becomes
 * READY and takes them down when it is preempted, stopped or deleted.
 */
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A node as the fake stores it (REST JSON field names). */
export interface FakeNode {
  name: string;
  id: string;
  acceleratorType: string;
  runtimeVersion: string;
  state: string;
  health?: string;
  networkEndpoints: { ipAddress: string; port: number; accessConfig: { externalIp: string } }[];
  schedulingConfig: { spot?: boolean; preemptible?: boolean };
  metadata: Record<string, string>;
  labels: Record<string, string>;
  createTime: string;
  apiVersion: 'V2';
  symptoms: { symptomType: string; details: string }[];
}

/** The machines behind the nodes: workers come up on READY and go down on preemption, stop and deletion. */
export interface FakeMachines {
  /** Starts `hosts` workers for `node` (with the `ssh-keys` of its metadata); resolves to their IP addresses. */
  up(node: FakeNode, hosts: number): Promise<string[]>;
  /** Takes the workers of `node` down; `wipe`: their disks are gone too (deletion). */
  down(node: FakeNode, wipe: boolean): Promise<void>;
}

interface FakeOperation {
  name: string;
  done: boolean;
  metadata: Record<string, unknown>;
  response?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export interface FakeZone {
  /** Accelerator type → number of hosts. */
  acceleratorTypes: Record<string, number>;
  runtimeVersions: string[];
}

export interface FakeTpuApiOptions {
  /** The bearer token requests must carry (401 otherwise). */
  token: string;
  zones?: Record<string, FakeZone>;
  machines?: FakeMachines;
  /** How long a creation or deletion takes (ms). */
  createMs?: number;
  deleteMs?: number;
}

export const DEFAULT_ZONE: FakeZone = {
  acceleratorTypes: { 'v4-8': 1, 'v4-16': 2, 'v4-32': 4, 'v4-64': 8, 'v5litepod-16': 4, 'v6e-8': 1 },
  runtimeVersions: ['tpu-ubuntu2204-base', 'tpu-vm-v4-base', 'tpu-vm-tf-2.16.1-pjrt', 'v2-alpha-tpuv5-lite', 'v2-alpha-tpuv6e'],
};

/** The message the real API puts in a creation operation's error when a zone is full (code 8). */
export function capacityMessage(zone: string): string {
  return `There is no more capacity in the zone "${zone}"; you can try in another zone where Cloud TPU Nodes are offered (see https://cloud.google.com/tpu/docs/regions) [EID: 0x${randomInt(1e9).toString(16)}]`;
}

const STATUS_OF: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS' };

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class FakeTpuApi extends EventEmitter {
  readonly nodes = new Map<string, FakeNode>();
  readonly operations = new Map<string, FakeOperation>();
  /** Every request: method and path (tests assert on what the client did). */
  readonly requests: { method: string; path: string }[] = [];
  private readonly capacityErrors = new Map<string, number>();
  /** Operation polls still to answer by dropping the connection (injectResets). */
  private resets = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private opCounter = 0;

  private constructor(private readonly server: http.Server, readonly url: string, private readonly opts: FakeTpuApiOptions) {
    super();
  }

  static async start(opts: FakeTpuApiOptions): Promise<FakeTpuApi> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const api = new FakeTpuApi(server, `http://127.0.0.1:${port}`, opts);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void api.handle(req, res));
    return api;
  }

  private zone(zone: string): FakeZone {
    const z = (this.opts.zones ?? { 'us-central2-b': DEFAULT_ZONE })[zone];
    if (!z) throw new HttpError(404, `Location ${zone} is not found or access is unauthorized.`);
    return z;
  }

  /** The next `times` creations in `zone` fail for lack of capacity. */
  injectCapacityError(zone: string, times = 1): void {
    this.capacityErrors.set(zone, (this.capacityErrors.get(zone) ?? 0) + times);
  }

  /** The next `times` polls of an operation get their connection reset instead of an answer, as a keep-alive
   * connection the server closes just as the client reuses it. */
  injectResets(times = 1): void {
    this.resets += times;
  }

  /** The node at its resource name's short form, in any project and zone. */
  node(name: string): FakeNode | undefined {
    return [...this.nodes.values()].find((n) => n.name.endsWith(`/nodes/${name}`));
  }

  /** Preempts a READY node: PREEMPTED, its workers gone (their processes killed, SSH refused). */
  async preempt(name: string): Promise<void> {
    const node = this.node(name);
    if (!node) throw new Error(`no node ${name} to preempt`);
    node.state = 'PREEMPTED';
    node.health = undefined;
    await this.opts.machines?.down(node, false);
    this.emit('state', node);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const node of this.nodes.values()) await this.opts.machines?.down(node, true);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Runs `fn` in `ms`. When it fails (a worker's sshd did not start, say), `op` fails with that error as a real
   * operation would, so the client stops with the cause instead of polling an operation that never ends. */
  private later(ms: number, op: FakeOperation, fn: () => Promise<void>, onError?: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn().catch((err: unknown) => {
        onError?.();
        Object.assign(op, { done: true, error: { code: 13, message: `the fake TPU failed: ${(err as Error).message}` } });
      });
    }, ms);
    this.timers.add(t);
  }

  private operation(parent: string, verb: string, target: string): FakeOperation {
    const op: FakeOperation = {
      name: `${parent}/operations/operation-${Date.now()}-${++this.opCounter}`,
      done: false,
      metadata: { '@type': 'type.googleapis.com/google.cloud.tpu.v2.OperationMetadata', createTime: new Date().toISOString(), target, verb, apiVersion: 'v2' },
    };
    this.operations.set(op.name, op);
    return op;
  }

  private setState(node: FakeNode, state: string): void {
    node.state = state;
    this.emit('state', node);
  }

  private createNode(parent: string, zoneName: string, nodeId: string, body: Partial<FakeNode>): FakeOperation {
    const zone = this.zone(zoneName);
    const name = `${parent}/nodes/${nodeId}`;
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(nodeId)) throw new HttpError(400, `Invalid node id "${nodeId}"`);
    if (this.nodes.has(name)) throw new HttpError(409, `Resource '${name}' already exists`);
    const hosts = zone.acceleratorTypes[body.acceleratorType ?? ''];
    if (hosts === undefined) throw new HttpError(400, `Accelerator type "${body.acceleratorType}" is not available in zone "${zoneName}"`);
    if (!zone.runtimeVersions.includes(body.runtimeVersion ?? '')) throw new HttpError(400, `Runtime version "${body.runtimeVersion}" is not supported for accelerator type "${body.acceleratorType}"`);
    const node: FakeNode = {
      name,
      id: String(randomInt(1e12, 2 ** 47)),
      acceleratorType: body.acceleratorType ?? '',
      runtimeVersion: body.runtimeVersion ?? '',
      state: 'CREATING',
      networkEndpoints: [],
      schedulingConfig: body.schedulingConfig ?? {},
      metadata: body.metadata ?? {},
      labels: body.labels ?? {},
      createTime: new Date().toISOString(),
      apiVersion: 'V2',
      symptoms: [],
    };
    this.nodes.set(name, node);
    const op = this.operation(parent, 'create', name);
    this.emit('state', node);
    this.later(this.opts.createMs ?? 50, op, async () => {
      const full = this.capacityErrors.get(zoneName) ?? 0;
      if (full > 0) {
        this.capacityErrors.set(zoneName, full - 1);
        this.nodes.delete(name);
        Object.assign(op, { done: true, error: { code: 8, message: capacityMessage(zoneName) } });
        return;
      }
      const ips = (await this.opts.machines?.up(node, hosts)) ?? Array.from({ length: hosts }, (_, i) => `10.0.0.${i + 2}`);
      node.networkEndpoints = ips.map((ip) => ({ ipAddress: ip, port: 8470, accessConfig: { externalIp: ip } }));
      node.health = 'HEALTHY';
      this.setState(node, 'READY');
      Object.assign(op, { done: true, response: { '@type': 'type.googleapis.com/google.cloud.tpu.v2.Node', ...node } });
    }, () => this.nodes.delete(name));
    return op;
  }

  private deleteNode(parent: string, node: FakeNode): FakeOperation {
    const op = this.operation(parent, 'delete', node.name);
    this.setState(node, 'DELETING');
    this.later(this.opts.deleteMs ?? 50, op, async () => {
      await this.opts.machines?.down(node, true);
      this.nodes.delete(node.name);
      this.emit('deleted', node);
      Object.assign(op, { done: true, response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } });
    });
    return op;
  }

  private stopStart(parent: string, node: FakeNode, verb: 'stop' | 'start'): FakeOperation {
    const op = this.operation(parent, verb, node.name);
    this.setState(node, verb === 'stop' ? 'STOPPING' : 'STARTING');
    this.later(this.opts.deleteMs ?? 50, op, async () => {
      if (verb === 'stop') {
        await this.opts.machines?.down(node, false);
        this.setState(node, 'STOPPED');
      } else {
        const hosts = node.networkEndpoints.length || 1;
        const ips = (await this.opts.machines?.up(node, hosts)) ?? node.networkEndpoints.map((e) => e.ipAddress);
        node.networkEndpoints = ips.map((ip) => ({ ipAddress: ip, port: 8470, accessConfig: { externalIp: ip } }));
        this.setState(node, 'READY');
      }
      Object.assign(op, { done: true, response: { '@type': 'type.googleapis.com/google.cloud.tpu.v2.Node', ...node } });
    });
    return op;
  }

  private async body(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    if (this.resets > 0 && method === 'GET' && /\/operations\//.test(url.pathname)) {
      this.resets--;
      req.socket.destroy();
      return;
    }
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.headers.authorization !== `Bearer ${this.opts.token}`) throw new HttpError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
      send(200, await this.route(method, url, req));
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      send(status, { error: { code: status, message: (err as Error).message, status: STATUS_OF[status] ?? 'INTERNAL' } });
    }
  }

  private async route(method: string, url: URL, req: http.IncomingMessage): Promise<unknown> {
    const p = decodeURIComponent(url.pathname);
    let m: RegExpExecArray | null;
    if ((m = /^\/v[12]\/projects\/([^/]+)\/locations$/.exec(p)) && method === 'GET') {
      const zones = Object.keys(this.opts.zones ?? { 'us-central2-b': DEFAULT_ZONE });
      return { locations: zones.map((z) => ({ name: `projects/${m?.[1]}/locations/${z}`, locationId: z })) };
    }
    if (!(m = /^\/v2\/(projects\/[^/]+\/locations\/([^/]+))(\/.*)?$/.exec(p))) throw new HttpError(404, `no route ${p}`);
    const [, parent, zoneName, rest = ''] = m;
    this.zone(zoneName);
    if (rest === '/nodes' && method === 'GET') return { nodes: [...this.nodes.values()].filter((n) => n.name.startsWith(`${parent}/`)) };
    if (rest === '/nodes' && method === 'POST') return this.createNode(parent, zoneName, url.searchParams.get('nodeId') ?? '', (await this.body(req)) as Partial<FakeNode>);
    if ((m = /^\/nodes\/([^/:]+)(:stop|:start)?$/.exec(rest))) {
      const node = this.nodes.get(`${parent}/nodes/${m[1]}`);
      if (!node) throw new HttpError(404, `Resource '${parent}/nodes/${m[1]}' was not found`);
      if (!m[2] && method === 'GET') return node;
      if (!m[2] && method === 'DELETE') return this.deleteNode(parent, node);
      if (m[2] && method === 'POST') return this.stopStart(parent, node, m[2] === ':stop' ? 'stop' : 'start');
    }
    if ((m = /^\/operations\/([^/]+)$/.exec(rest)) && method === 'GET') {
      const op = this.operations.get(`${parent}/operations/${m[1]}`);
      if (!op) throw new HttpError(404, `Operation ${m[1]} not found`);
      return op;
    }
    if (rest === '/acceleratorTypes' && method === 'GET') {
      const types = Object.keys(this.zone(zoneName).acceleratorTypes);
      return { acceleratorTypes: types.map((t) => ({ name: `${parent}/acceleratorTypes/${t}`, type: t })) };
    }
    if (rest === '/runtimeVersions' && method === 'GET') {
      return { runtimeVersions: this.zone(zoneName).runtimeVersions.map((v) => ({ name: `${parent}/runtimeVersions/${v}`, version: v })) };
    }
    if (rest === '/queuedResources' && method === 'GET') return { queuedResources: [] };
    throw new HttpError(404, `no route ${method} ${p}`);
  }
}
