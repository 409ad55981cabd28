/**
 * `bv tpu run`: one run on a Cloud TPU node, from creating the node to its deletion. The node is made READY
 * (nodeLifecycle.ts), the workers that train are bootstrapped in parallel, checked (nobody holds the TPU), given the
 * run's workdir (restored from the local copy when there is one), and started with the same command at once.
 * Worker 0's output streams live; the metrics file, config.json and each new checkpoint are mirrored into the
 * local workdir (mirror.ts); any worker failing stops the others.
 *
 * A `gs://` workdir is the trainers' own (upstream writes there): the run record lives in a local folder
 * (`recordDir`), into which the metrics file and config.json are tailed from the bucket (gcs/workdirTail.ts);
 * nothing is restored onto a new node, since the trainers resume from the bucket's `checkpoint.bv-LAST`.
 *
 * Preemption: when the API reports the node PREEMPTED or TERMINATED (polled while running, and asked whenever an
 * SSH connection drops), the node is deleted, created again, bootstrapped, and the run resumes from the last
 * checkpoint (restored from the local copy), a bounded number of times. A dropped connection the API does not
 * confirm is re-opened and the run followed again (it does not depend on the connection). Every step is a line
 * of its own in the output and the log, and the record's phase (runRecordKeeper.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultDataDir } from '../data/tfdsInfo';
import type { LaunchSpec } from '../runs/engines';
import { launchOptions } from '../runs/engines';
import { readRecord, type RunExit } from '../runs/record';
import { deriveStatus } from '../runs/status';
import { checkWorkdir } from '../runs/workdir';
import { bootstrapWorker, checkVersions, type WorkerSetup } from './bootstrap';
import { displayCommand, isGcsPath, remoteCommand, remoteConfigPath, trainerWorkers } from './launchPlan';
import { configDatasets, datasetFiles } from './datasets';
import { restoreWorkdir, WorkdirMirror } from './mirror';
import { createNode, deleteNode, ensureNode, type NodeWish } from './nodeLifecycle';
import { LOST_STATES, type TpuNode, type TpuProvider } from './provider';
import { remoteLayout, remoteRunName } from './remoteLayout';
import { describeExit, followOutput, holderProblem, outputTail, preflight, startOnWorker, stopOnWorker, waitOnWorker, type WorkerExit } from './remoteRun';
import { RunRecordKeeper } from './runRecordKeeper';
import { STOP_AT_ONCE, STOP_GRACEFULLY } from './runScripts';
import { parseGcsUrl, tfjsGcsProblem, type GcsLocation } from './gcs/gcsUrl';
import { gcsObjectStore, type ObjectStore } from './gcs/objectStore';
import { gcsPollMs, GcsWorkdirTail, lastCheckpointStep } from './gcs/workdirTail';
import { fanOut } from './ssh/fanout';
import { shellQuote, type Follow } from './ssh/session';
import type { SyncFile } from './sync';
import { trainerBundleFiles } from './trainerBundle';
import { WorkerSet, type SshSettings } from './workerSet';

export interface TpuRunOptions {
  spec: LaunchSpec;
  wish: NodeWish;
  ssh: SshSettings;
  deleteAfter: boolean;
  setup?: string;
  jax: string | null;
  python?: string;
  maxRecoveries: number;
  /** Stop a run of ours that still holds the TPU instead of refusing. */
  stopPrevious: boolean;
  /** The `bv tpu run` flags besides config/workdir/engine, recorded for Resume. */
  flags: string[];
  /** How often the node's state is checked while the run goes (ms). */
  watchMs: number;
  /** How often a node being created, started or repaired is polled (ms). */
  pollMs: number;
  /** For a gs:// workdir: the local folder of the run record and the tailed metrics. */
  recordDir?: string;
  /** For a gs:// workdir: how its objects are read (default: Cloud Storage, gcs/objectStore.ts). */
  gcsStore?: () => Promise<ObjectStore>;
}

export interface LaunchIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

type Outcome = { kind: 'finished' } | { kind: 'failed'; worker: number; exit: WorkerExit; lines: string[] } | { kind: 'stopped'; signal: string } | { kind: 'lost'; reason: string };

type Event = { kind: 'exit'; worker: number; exit: WorkerExit } | { kind: 'dropped'; worker: number; error: string } | { kind: 'lost'; reason: string } | { kind: 'stop' };

/** A queue of events the follow loop waits on. */
class Events {
  private items: Event[] = [];
  private waiter?: (e: Event) => void;
  push(e: Event): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(e);
    } else this.items.push(e);
  }
  next(): Promise<Event> {
    const e = this.items.shift();
    return e ? Promise.resolve(e) : new Promise((r) => (this.waiter = r));
  }
}

export class TpuLaunch {
  private keeper?: RunRecordKeeper;
  private workers?: WorkerSet;
  private setups: WorkerSetup[] = [];
  private stopSignal?: string;
  private events?: Events;
  private readonly run: string;
  private readonly local: boolean;
  private readonly gcs?: GcsLocation;
  private store?: ObjectStore;

  constructor(private readonly opts: TpuRunOptions, private readonly provider: TpuProvider, private readonly io: LaunchIo, private readonly bundle: () => SyncFile[] = trainerBundleFiles) {
    this.run = remoteRunName(opts.spec.workdir);
    this.local = !isGcsPath(opts.spec.workdir);
    if (!this.local) this.gcs = parseGcsUrl(opts.spec.workdir);
  }

  private say(line: string): void {
    if (this.keeper) this.keeper.say(line);
    else this.io.stdout.write(`bv tpu: ${line}\n`);
  }

  private phase(phase: string, extra: Record<string, unknown> = {}): void {
    this.keeper?.remote({ phase, ...extra });
  }

  /** A stop request (Ctrl-C, the editor's Stop): the trainers finish their step and checkpoint. */
  requestStop(signal: string): void {
    if (this.stopSignal) {
      // A second request: no more waiting for checkpoints.
      this.say(`${signal} again: stopping at once`);
      void this.stopTrainers(STOP_AT_ONCE);
      return;
    }
    this.stopSignal = signal;
    this.say(`${signal}: stopping the run (each worker finishes its step and checkpoints)`);
    this.events?.push({ kind: 'stop' });
  }

  private throwIfStopped(): void {
    if (this.stopSignal) throw Object.assign(new Error(`stopped by ${this.stopSignal}`), { stopped: true });
  }

  /** Runs to the end; resolves to the exit code `bv tpu run` returns. */
  async start(): Promise<number> {
    const { spec } = this.opts;
    const tfjsProblem = tfjsGcsProblem(spec.engine, spec.workdir);
    if (tfjsProblem) throw new Error(tfjsProblem);
    const recordDir = this.local ? spec.workdir : this.opts.recordDir;
    if (!recordDir) throw new Error(`--workdir ${spec.workdir}: the run record needs a local folder; pass --record-dir DIR`);
    const problem = checkWorkdir(recordDir);
    if (problem) throw new Error(problem);
    let existing;
    try {
      existing = readRecord(recordDir);
    } catch {
      existing = undefined;
    }
    if (existing && deriveStatus(existing).status === 'running') throw new Error(`a run is already running in ${recordDir} (process ${existing.pid}); stop it first`);
    this.keeper = new RunRecordKeeper(recordDir, {
      engine: spec.engine,
      command: ['bv', 'tpu', 'run', this.opts.wish.name, ...this.opts.flags],
      cwd: '~/big_vision_studio',
      config: spec.config,
      ...(spec.arg !== undefined ? { arg: spec.arg } : {}),
      overrides: spec.overrides,
      ...(spec.labels && Object.keys(spec.labels).length ? { labels: spec.labels } : {}),
      ...(spec.name ? { name: spec.name } : {}),
      options: launchOptions(spec),
      remote: {
        provider: 'cloud-tpu', project: this.opts.wish.at.project, zone: this.opts.wish.at.zone, node: this.opts.wish.name,
        acceleratorType: this.opts.wish.acceleratorType ?? '', spot: this.opts.wish.spot, workdir: this.gcs ? spec.workdir : '', phase: 'starting', recoveries: 0, flags: this.opts.flags,
      },
    }, this.io.stdout);
    let tail: GcsWorkdirTail | undefined;
    let exit: RunExit;
    let code: number;
    try {
      if (this.gcs) {
        this.say(`the run writes to ${spec.workdir}; its record, log, metrics and config.json are kept in ${recordDir}`);
        this.store = await (this.opts.gcsStore ?? gcsObjectStore)();
        tail = new GcsWorkdirTail(this.store, this.gcs, recordDir, (l) => this.say(l), gcsPollMs());
        tail.start();
      }
      const outcome = await this.lifecycle();
      ({ exit, code } = this.conclude(outcome));
    } catch (err) {
      const stopped = (err as { stopped?: boolean }).stopped;
      const message = (err as Error).message;
      if (!stopped) this.say(`failed: ${message}`);
      exit = stopped ? { code: 130, stoppedBy: this.stopSignal } : { code: 1, error: message.split('\n').slice(0, 20) };
      code = stopped ? 130 : 1;
    }
    // What the trainers wrote last (their final metrics lines), before the record says the run ended.
    await tail?.stop(true);
    this.workers?.close();
    if (this.opts.deleteAfter) {
      this.phase('deleting node');
      try {
        await deleteNode(this.provider, this.opts.wish.at, this.opts.wish.name, (l) => this.say(l));
      } catch (err) {
        this.say(`could not delete node ${this.opts.wish.name}: ${(err as Error).message}; delete it by hand (bv tpu delete ${this.opts.wish.name}), it costs money while it exists`);
      }
    }
    this.phase(exit.stoppedBy ? 'stopped' : code === 0 ? 'finished' : 'failed');
    this.keeper.end(exit);
    return code;
  }

  private conclude(outcome: Outcome): { exit: RunExit; code: number } {
    if (outcome.kind === 'finished') {
      this.say('finished on every worker');
      return { exit: { code: 0 }, code: 0 };
    }
    if (outcome.kind === 'stopped') {
      this.say(`stopped by ${outcome.signal}`);
      return { exit: { code: 130, stoppedBy: outcome.signal }, code: 130 };
    }
    if (outcome.kind === 'failed') {
      const code = 'killed' in outcome.exit ? 137 : outcome.exit.code;
      this.say(`failed: worker ${outcome.worker} ${describeExit(outcome.exit)}; the run was stopped on every worker`);
      return { exit: { code, error: [`worker ${outcome.worker} ${describeExit(outcome.exit)}`, ...outcome.lines] }, code };
    }
    throw new Error(outcome.reason);
  }

  /** Node, bootstrap, run; recreating the node after preemption. */
  private async lifecycle(): Promise<Outcome> {
    const say = (l: string) => this.say(l);
    this.phase('getting the node ready');
    let node = await ensureNode(this.provider, this.opts.wish, say, this.opts.pollMs);
    for (let recoveries = 0; ; ) {
      this.throwIfStopped();
      const outcome = await this.runOn(node);
      if (outcome.kind !== 'lost') return outcome;
      if (recoveries >= this.opts.maxRecoveries) throw new Error(`${outcome.reason}; given up after ${recoveries} recreation${recoveries === 1 ? '' : 's'} (--max-recoveries ${this.opts.maxRecoveries})`);
      recoveries++;
      this.say(`${outcome.reason}: recreating the node and resuming (recovery ${recoveries} of ${this.opts.maxRecoveries})`);
      this.phase('preempted', { recoveries });
      this.workers?.close();
      this.phase('deleting node');
      await deleteNode(this.provider, this.opts.wish.at, this.opts.wish.name, say);
      this.throwIfStopped();
      this.phase('recreating node');
      say(`recreating node ${node.name}`);
      node = await createNode(this.provider, { ...this.opts.wish, acceleratorType: node.acceleratorType, runtimeVersion: node.runtimeVersion, spot: node.spot }, say);
    }
  }

  /** One start on one node incarnation, to its end or its loss. */
  private async runOn(node: TpuNode): Promise<Outcome> {
    const { spec } = this.opts;
    const workers = (this.workers = new WorkerSet(node, this.opts.ssh));
    const trainers = trainerWorkers(spec.engine, workers.size);
    this.phase('bootstrapping', { nodeId: node.id, workers: workers.size, trainerWorkers: trainers.length, acceleratorType: node.acceleratorType, runtimeVersion: node.runtimeVersion });
    if (spec.engine === 'tfjs' && workers.size > 1) {
      this.say(`the bundled engine has no cross-host communication: on this ${workers.size}-host node it runs on worker 0 only (use --engine big_vision to train on every host)`);
    }
    const label = (i: number) => workers.label(trainers[i]);
    const sessions = await workers.connectAll(trainers);
    this.throwIfStopped();
    const started = Date.now();
    const bundle = spec.engine === 'tfjs' ? this.bundle() : undefined;
    const datasets = spec.engine === 'tfjs' ? await this.datasets() : undefined;
    // The config goes with the bootstrap's files (paths relative to $HOME), by hash like the rest.
    const config = remoteConfigPath(spec, remoteLayout(''), this.run);
    const extra = config.upload ? [{ rel: config.path, local: spec.config }] : [];
    this.setups = await fanOut(sessions, this.opts.ssh.concurrency, 'the bootstrap', label, (s) =>
      bootstrapWorker(s, { engine: spec.engine, ...(bundle ? { bundle } : {}), ...(datasets ? { datasets } : {}), ...(spec.checkout ? { checkout: spec.checkout } : {}), jax: this.opts.jax, ...(this.opts.python ? { python: this.opts.python } : {}), ...(this.opts.setup ? { setup: this.opts.setup } : {}), env: spec.env ?? {} }, extra),
    );
    const uploaded = this.setups.reduce((n, w) => n + w.uploaded, 0);
    const mb = this.setups.reduce((n, w) => n + w.bytes, 0) / 1e6;
    this.say(`bootstrapped ${sessions.length} worker${sessions.length > 1 ? 's' : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s (${uploaded} file${uploaded === 1 ? '' : 's'}, ${mb.toFixed(1)} MB uploaded)`);
    if (spec.engine === 'big_vision') {
      this.say(`versions: ${this.setups.map((w, i) => `worker ${trainers[i]}: ${w.versions}`).join('; ')}`);
      checkVersions(this.setups.map((w) => w.versions));
    }
    this.throwIfStopped();
    const cmds = trainers.map((w, i) => remoteCommand(spec, this.setups[i].layout, this.run, this.setups[i].runner, w, workers.size));
    const cleared = await this.preflight(sessions, cmds.map((c) => c.workdir), label);
    this.remoteWorkdir = cmds[0].workdir;
    this.keeper?.remote({ workdir: cmds[0].workdir });
    await this.prepareWorkdirs(sessions, cmds.map((c) => c.workdir), cleared, label);
    this.throwIfStopped();
    this.phase('starting');
    await fanOut(sessions, this.opts.ssh.concurrency, 'starting the run', label, (s, i) => startOnWorker(s, this.setups[i].layout, this.run, cmds[i].cwd, cmds[i].argv, cmds[i].env));
    this.say(`started on ${trainers.length === 1 ? `worker ${trainers[0]}` : `all ${trainers.length} workers`}: ${displayCommand(cmds[0]).join(' ')}`);
    this.phase('running');
    return this.follow(node, trainers);
  }

  private datasetList?: SyncFile[];

  /** tfjs: the files of the datasets the config reads, found once in the local TFDS data dir. */
  private async datasets(): Promise<SyncFile[]> {
    if (this.datasetList) return this.datasetList;
    const { spec } = this.opts;
    if (spec.env?.TFDS_DATA_DIR) {
      this.say(`TFDS_DATA_DIR=${spec.env.TFDS_DATA_DIR} on the workers: no dataset is uploaded`);
      return (this.datasetList = []);
    }
    const dataDir = spec.tfdsDataDir ?? defaultDataDir();
    const { files, missing } = datasetFiles(await configDatasets(spec), dataDir);
    const names = [...new Set(files.map((f) => f.rel.split('/')[0]))];
    if (names.length) this.say(`datasets ${names.join(', ')} go to the workers from ${dataDir} (by hash: only what they lack)`);
    if (missing.length) this.say(`dataset${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not prepared in ${dataDir}: the workers must have ${missing.length > 1 ? 'them' : 'it'} (--setup, or --env TFDS_DATA_DIR)`);
    return (this.datasetList = files);
  }

  /** Stops our earlier run that holds the TPU (--stop-previous) or refuses a busy one; empties free workers'
   * workdirs on the way (a local workdir's copy is made anew each start). Resolves to whether every one was. */
  private async preflight(sessions: WorkerSet['sessions'], remoteWds: readonly string[], label: (i: number) => string): Promise<boolean> {
    const clear = (i: number) => (this.gcs ? undefined : { workdir: remoteWds[i], run: this.run });
    const checks = await fanOut(sessions, this.opts.ssh.concurrency, 'the preflight check', label, (s, i) => preflight(s, this.setups[i].layout, clear(i)));
    const holders = checks.map((c) => c.holders);
    const problems: string[] = [];
    for (const [i, list] of holders.entries()) {
      const ours = list.filter((h) => h.run);
      if (this.opts.stopPrevious && ours.length && ours.length === list.length) {
        for (const run of new Set(ours.map((h) => h.run as string))) {
          this.say(`stopping our earlier run ${run} on ${label(i)}, which holds the TPU (--stop-previous)`);
          await stopOnWorker(sessions[i], this.setups[i].layout, run, STOP_GRACEFULLY);
        }
        continue;
      }
      const p = holderProblem(label(i), list, this.opts.wish.name);
      if (p) problems.push(p);
    }
    if (problems.length) throw new Error(`the TPU is busy:\n${problems.join('\n')}`);
    return checks.every((c) => c.cleared);
  }

  /** Makes the remote workdir the local one's copy (empty for a new run); `cleared`: the preflight emptied them. */
  private async prepareWorkdirs(sessions: WorkerSet['sessions'], remoteWds: string[], cleared: boolean, label: (i: number) => string): Promise<void> {
    const { spec } = this.opts;
    if (this.gcs) return this.sayGcsResume();
    if (!cleared) await fanOut(sessions, this.opts.ssh.concurrency, 'clearing the workdir', label, (s, i) => s.run(`rm -rf ${shellQuote(remoteWds[i])} && mkdir -p ${shellQuote(remoteWds[i])}`, 'clearing the workdir'));
    const hasLocal = fs.existsSync(path.join(spec.workdir, 'config.json')) || fs.existsSync(path.join(spec.workdir, 'checkpoint.bv-LAST'));
    this.metricsOffset = 0;
    if (!hasLocal) return;
    this.phase('restoring the workdir');
    const { step, metricsBytes } = await restoreWorkdir(sessions, remoteWds, spec.workdir);
    this.metricsOffset = metricsBytes;
    this.say(step === undefined ? 'no checkpoint yet: starting from step 0' : `resuming from step ${step} (checkpoint restored on ${sessions.length === 1 ? 'worker 0' : `all ${sessions.length} workers`})`);
  }

  /** A gs:// workdir is the trainers' own: nothing to restore; says where they resume (its checkpoint.bv-LAST). */
  private async sayGcsResume(): Promise<void> {
    const { spec } = this.opts;
    let step: number | undefined;
    try {
      step = this.store && this.gcs ? await lastCheckpointStep(this.store, this.gcs) : undefined;
    } catch (err) {
      this.say(`cannot read ${spec.workdir}/checkpoint.bv-LAST (${(err as Error).message.split('\n')[0]}): the trainers look for it themselves`);
      return;
    }
    this.say(step === undefined ? `no checkpoint in ${spec.workdir} yet: starting from step 0` : `resuming from step ${step} (checkpoint.bv-LAST in ${spec.workdir})`);
  }

  private metricsOffset = 0;
  private remoteWorkdir = '';

  /** Stops still going on the workers (bv-stop polls until the run's processes are gone). */
  private readonly stopsInFlight = new Set<Promise<unknown>>();

  private async stopTrainers(steps: readonly string[], except?: number): Promise<void> {
    const workers = this.workers;
    if (!workers) return;
    const stops = Promise.allSettled(
      workers.sessions.map((s, i) => (s && s.isOpen && i !== except && this.setups[i] ? stopOnWorker(s, this.setups[i].layout, this.run, steps) : Promise.resolve(''))),
    );
    this.stopsInFlight.add(stops);
    await stops;
    this.stopsInFlight.delete(stops);
  }

  /** Follows the started run to its end, its failure, a stop, or the node's loss. */
  private async follow(node: TpuNode, trainers: number[]): Promise<Outcome> {
    const workers = this.workers as WorkerSet;
    const events = (this.events = new Events());
    if (this.stopSignal) events.push({ kind: 'stop' });
    let outputOffset = 0;
    let output: Follow | undefined;
    let mirror: WorkdirMirror | undefined;
    const waits = new Map<number, { done: Promise<WorkerExit>; stop(): void }>();
    const exits = new Map<number, WorkerExit>();
    const attach = (i: number) => {
      const s = workers.sessions[i];
      const layout = this.setups[i].layout;
      const w = waitOnWorker(s, layout, this.run);
      waits.set(i, w);
      w.done.then(
        (exit) => events.push({ kind: 'exit', worker: i, exit }),
        (err: unknown) => events.push({ kind: 'dropped', worker: i, error: (err as Error).message }),
      );
      if (i === 0) {
        output = followOutput(s, layout, this.run, outputOffset, (text, at) => {
          outputOffset = at;
          this.keeper?.output(text);
        });
        if (this.local) {
          mirror = new WorkdirMirror(s, layout, this.run, this.remoteWorkdir, this.opts.spec.workdir, (l) => this.say(l), this.metricsOffset);
          mirror.start();
        }
      }
    };
    for (const i of trainers) attach(i);
    const watch = setInterval(() => {
      this.provider.getNode(this.opts.wish.at, node.name).then(
        (n) => {
          if (!n) events.push({ kind: 'lost', reason: `node ${node.name} is gone` });
          else if (n.id !== node.id) events.push({ kind: 'lost', reason: `node ${node.name} was replaced (id ${n.id})` });
          else if (LOST_STATES.includes(n.state)) events.push({ kind: 'lost', reason: `node ${node.name} was ${n.state.toLowerCase()}` });
        },
        () => undefined, // the API being unreachable for a moment is no reason to stop following
      );
    }, this.opts.watchMs);
    const finish = async (outcome: Outcome): Promise<Outcome> => {
      clearInterval(watch);
      for (const w of waits.values()) w.stop();
      const alive = workers.sessions[0]?.isOpen && outcome.kind !== 'lost';
      await mirror?.stop(!!alive);
      output?.stop();
      if (alive) {
        // The followers end on the workers once their channels close, and a stop polls until the run is gone:
        // wait for both, so nothing of ours is left running there when the launcher says the run ended.
        await Promise.allSettled([...[...waits.values()].map((w) => w.done), output?.done, ...this.stopsInFlight]);
        // What the follower had not delivered when the run ended.
        const rest = await workers.sessions[0].exec(`tail -c +${outputOffset + 1} ${shellQuote(`${this.setups[0].layout.control}/${this.run}/out.log`)} 2>/dev/null`);
        this.keeper?.output(rest.stdout);
      }
      if (mirror) this.metricsOffset = mirror.offset;
      return outcome;
    };
    for (;;) {
      const e = await events.next();
      if (e.kind === 'stop') {
        this.phase('stopping');
        void this.stopTrainers(STOP_GRACEFULLY);
        continue;
      }
      if (e.kind === 'lost') return finish({ kind: 'lost', reason: e.reason });
      if (e.kind === 'dropped') {
        const verdict = await this.confirmLoss(node, e.worker, e.error);
        if (verdict) return finish({ kind: 'lost', reason: verdict });
        if (e.worker === 0) {
          // The followers of the dropped connection go; new ones start where they stopped.
          output?.stop();
          const old = mirror;
          mirror = undefined;
          await old?.stop(false);
          if (old) this.metricsOffset = old.offset;
        }
        attach(e.worker);
        continue;
      }
      exits.set(e.worker, e.exit);
      if (this.stopSignal) {
        if (exits.size === trainers.length) return finish({ kind: 'stopped', signal: this.stopSignal });
        continue;
      }
      if ('killed' in e.exit || e.exit.code !== 0) {
        const ok = await this.workerLost(node);
        if (ok) return finish({ kind: 'lost', reason: ok });
        this.say(`worker ${e.worker} ${describeExit(e.exit)}: stopping the run on every worker`);
        this.phase('stopping (a worker failed)');
        await this.stopTrainers(STOP_AT_ONCE, e.worker);
        const s = workers.sessions[e.worker];
        const lines = s?.isOpen ? await outputTail(s, this.setups[e.worker].layout, this.run).catch(() => []) : [];
        return finish({ kind: 'failed', worker: e.worker, exit: e.exit, lines });
      }
      if (exits.size === trainers.length && [...exits.values()].every((x) => 'code' in x && x.code === 0)) return finish({ kind: 'finished' });
    }
  }

  /** When a worker's run died: was the node lost (preempted) rather than the run failing? */
  private async workerLost(node: TpuNode): Promise<string | undefined> {
    const n = await this.provider.getNode(this.opts.wish.at, node.name).catch(() => node);
    if (!n) return `node ${node.name} is gone`;
    if (n.id !== node.id) return `node ${node.name} was replaced`;
    if (LOST_STATES.includes(n.state)) return `node ${node.name} was ${n.state.toLowerCase()}`;
    return undefined;
  }

  /** A connection dropped: asks the API; returns the loss's reason, or reconnects and returns undefined. */
  private async confirmLoss(node: TpuNode, worker: number, error: string): Promise<string | undefined> {
    const lost = await this.workerLost(node);
    if (lost) return lost;
    this.say(`lost the connection to ${this.workers?.label(worker)} (${error}); the node is still READY: reconnecting`);
    try {
      await this.workers?.reconnect(worker);
      this.say(`reconnected to ${this.workers?.label(worker)}`);
      return undefined;
    } catch (err) {
      const again = await this.workerLost(node);
      if (again) return again;
      throw new Error(`cannot reach ${this.workers?.label(worker)} although the API says node ${node.name} is READY: ${(err as Error).message}`, { cause: err });
    }
  }
}
