/**
 * The bundled trainer: big_vision's `train.py` on TensorFlow.js. Written in the same named sections (setup, data,
 * model and optimizer, evals, workdir, restore, loop), each logging a note before it starts. Outputs match
 * upstream: `<workdir>/big_vision_metrics.txt`, `config.json`, `checkpoint.bv-*`. Beyond upstream, the data
 * position is checkpointed, so a restart continues with exactly the batches the uninterrupted run would have
 * seen, and nothing is written before the run has opened its data (train and eval), so one that fails at start
 * leaves no workdir.
 */
import * as tf from '@tensorflow/tfjs';
import { checkpointBase, lastCheckpoint, loadCheckpoint, removeStaleCheckpoints, saveCheckpoint } from './checkpoint/checkpoint';
import { checkpointDecision, itstime } from './checkpoint/policy';
import type { JsonValue } from './config/protocol';
import { FIRST_UPDATE_METRIC, evalTimeMetric, scheduleMetric } from './metrics/contract';
import { MetricWriter } from './metrics/writer';
import { checkWorkdir } from './runs/workdir';
import type { HostData } from './data/hostTensor';
import { RawBatch, type Pipeline } from './data/pipeline';
import type { Params } from './models/types';
import { selectBackend } from './tf/backend';
import { Chrono } from './train/chrono';
import { classCountOf, evalBatchesFactory, openEvalData, trainInput } from './train/data';
import { changesFromWorkdir, ConfigChangeError, formatChanges } from './train/configChange';
import { batchLoss, perExampleLoss } from './train/losses';
import { withInitHeadBias } from './train/headBias';
import { modelFromConfig } from './train/model';
import type { ProgressSink } from './train/progress';
import { stateToTree, treeToState } from './train/state';
import { ParamsEma } from './train/ema';
import { evalStateFor, modelForward, type Forward } from './train/predict';
import { startDistill, type DistillRun } from './trainers/distill/run';
import { turnEventLoop } from './train/stopSignal';
import { configuredEvaluators } from './train/evals';
import { resolveTrainConfig } from './train/trainConfig';
import { initialParams } from './modelLoad/trainInit';
import { makeOptimizer, type Optimizer } from './optim/optimizer';
import { updateStep } from './train/update';
import { notParallel, ParallelSteps, WorkerFailedError } from './train/parallel/parallelSteps';
import { resolveWorkers, type WorkersRequest } from './train/parallel/workerCount';

export { ConfigKeyError } from './semantics/configKeyError';
export { ConfigChangeError } from './train/configChange';

export interface TrainOptions {
  /** The evaluated config (the engine's `config`). */
  config: { [key: string]: JsonValue };
  /** Python's JSON text of the config, written as `config.json`. */
  configText?: string;
  /** Output folder; without it nothing is written (as upstream). */
  workdir?: string;
  /** `auto`, `wasm`, `cpu`, `tensorflow`, `cuda`. */
  backend?: string;
  progress?: ProgressSink;
  /**
   * Called once the run has passed its checks and opened its data (train and eval), right after the workdir is
   * made: a run that fails before writes nothing (the CLI writes its run record here).
   */
  onReady?: () => void;
  /** Checked after every step and eval: finish, checkpoint, return. */
  stop?: { readonly requested: string | undefined };
  /** Resume a workdir whose config.json differs in more than run length and logging (refused otherwise). */
  allowConfigChange?: boolean;
  /** Data-parallel worker threads (`auto`: one per core); 1, the default, trains on this thread alone. */
  workers?: WorkersRequest;
}

export interface TrainResult {
  /** Last step completed. */
  step: number;
  totalSteps: number;
  /** The signal that stopped the run early, if any. */
  stoppedBy?: string;
  /** Folder of the last checkpoint written by this run. */
  checkpoint?: string;
  /** The workdir's checkpoint was at or past the end (`step`): nothing was trained or written. */
  upToDate?: boolean;
  /** The last value of every metric measured (training and evals). */
  last: Map<string, number>;
}

const SILENT: ProgressSink = { note: () => undefined, metric: () => undefined, update: () => undefined, evaluating: () => undefined, evaluated: () => undefined, done: () => undefined };

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const progress = opts.progress ?? SILENT;
  const note = (s: string) => progress.note(s);
  const last = new Map<string, number>();

  // ---------------------------------------------------------------- setup
  const cfg = resolveTrainConfig(opts.config);
  const base = opts.workdir ? checkpointBase(opts.workdir) : undefined;
  const resumable = base !== undefined && lastCheckpoint(base) !== undefined;
  if (resumable) {
    const changes = changesFromWorkdir(opts.workdir as string, opts.config);
    if (changes.length) {
      const what = `${opts.workdir} holds a run of another config: ${formatChanges(changes)} ${changes.length === 1 ? 'differs' : 'differ'} from its config.json`;
      if (!opts.allowConfigChange) {
        throw new ConfigChangeError(`${what}. Resuming would mix two runs in one workdir: use another --workdir, or add --allow-config-change to resume with the new values.`, changes);
      }
      note(`${what}; resuming with the new values (--allow-config-change).`);
    }
  }
  note('Setting up the backend...');
  const backend = await selectBackend(opts.backend ?? 'auto');
  note(`Backend: ${backend.description}`);
  let mw: MetricWriter | undefined; // made with the workdir, once the data is open
  const measure = (name: string, value: number) => {
    last.set(name, value);
    mw?.measure(name, value);
  };
  const chrono = new Chrono(measure);
  const seed = cfg.seed;

  // ----------------------------------------------------------------- data
  note('Initializing train dataset...');
  const input = trainInput(cfg.input, seed);
  const durations = { dataSize: input.numExamples, batchSize: input.batchSize, totalSteps: undefined as number | undefined };
  const totalSteps = cfg.total.steps(durations);
  durations.totalSteps = totalSteps;
  // An eval-only run (total_steps=0) needs no training log interval: its loop never runs.
  const logTraining = cfg.logTraining?.steps(durations) ?? totalSteps;
  const ckptEvery = cfg.ckpt?.steps(durations) ?? null;
  const keepEvery = cfg.keepCkpt?.steps(durations) ?? null;
  const workers = resolveWorkers(opts.workers ?? 1, backend.name, input.batchSize);
  const doneStep = resumable ? parseInt(lastCheckpoint(base) as string, 10) : NaN;
  if (doneStep >= totalSteps) return { step: doneStep, totalSteps, upToDate: true, last };
  chrono.inform({ totalSteps, globalBs: input.batchSize, stepsPerEpoch: input.numExamples / input.batchSize });
  note(`Running for ${totalSteps} steps, that means ${((totalSteps * input.batchSize) / input.numExamples).toFixed(3)} epochs of ${input.numExamples} examples`);

  // --------------------------------------------------- model and optimizer
  note('Creating model...');
  const model = modelFromConfig(cfg.model);
  const loss = batchLoss(cfg.loss);
  const imageShape = await input.exampleImageShape();
  // As upstream: a checkpoint to resume (the workdir's, config.resume) wins over config.model_init.
  let params: Params = initialParams(opts.config, withInitHeadBias(model.init(seed, imageShape), opts.config), { resuming: resumable || cfg.resume !== null, note });
  let ema: ParamsEma | undefined;
  let distill: DistillRun | undefined;
  let optimizer: Optimizer | undefined;
  let parallel: ParallelSteps | undefined;
  let pipeline: Pipeline<HostData> | Pipeline<RawBatch> | undefined;
  let step = 0;
  let checkpoint: string | undefined;
  let stoppedBy: string | undefined;
  try {
    const opt = (optimizer = makeOptimizer(cfg.optimizer, params, { ...durations, totalSteps }));

    // -------------------------------------------------------------- evals
    note('Setting up evaluators...');
    const evaluators = configuredEvaluators(cfg.evals, durations, { evalBatches: evalBatchesFactory(), loss: perExampleLoss, classCount: classCountOf });
    openEvalData(cfg.evals);
    if (cfg.distill) distill = startDistill(cfg.distill, { numClasses: cfg.model.numClasses, imageShape, note, student: cfg.model });
    // The predict fns evals name (`pred`), on the current params or their average (`pred_kw=dict(use_ema=True)`).
    const forwards = (useEma: boolean): Record<string, Forward> => {
      const own = modelForward(model, () => (useEma && ema ? ema.params : params));
      return distill ? distill.forwards(own) : { predict: own };
    };
    const stateOf = (ev: { pred: string; useEma: boolean }) => {
      const fns = forwards(ev.useEma);
      return evalStateFor(ev.pred, fns, distill?.pairs(fns));
    };
    const runEval = async (ev: (typeof evaluators)[number], at: number) => {
      progress.evaluating(ev.name);
      const results: [string, number][] = [];
      await chrono.logTiming(evalTimeMetric(ev.name), async () => {
        for await (const [k, v] of ev.get().run(stateOf(ev))) {
          measure(`${ev.prefix}${k}`, v);
          results.push([k, v]);
        }
      });
      progress.evaluated({ name: ev.name, step: at, total: totalSteps, results, seconds: last.get(evalTimeMetric(ev.name)) ?? NaN });
    };

    // ------------------------------------------------------------ workdir
    // The first write of the run: everything above can fail without leaving a file.
    const writer = (mw = new MetricWriter({ workdir: opts.workdir, configText: opts.configText, log: progress.metric }));
    opts.onReady?.();
    measure('num_params', Object.values(params).reduce((n, t) => n + t.size, 0));
    distill?.measureParams(measure, params);

    // ------------------------------------------------------------ restore
    if (base) removeStaleCheckpoints(base);
    let dataPosition = 0;
    let restoredEma: Params | undefined;
    const resumeFrom = base && lastCheckpoint(base) ? base : cfg.resume ?? undefined;
    if (resumeFrom) {
      note(`Resuming training from checkpoint ${resumeFrom}...`);
      const state = treeToState(loadCheckpoint(resumeFrom), params, resumeFrom);
      tf.dispose(Object.values(params));
      params = state.params;
      restoredEma = state.paramsEma;
      opt.load(state.opt);
      tf.dispose(Object.values(state.opt));
      chrono.load(state.chrono);
      dataPosition = state.dataPosition >= 0 ? state.dataPosition : opt.count() * input.batchSize;
    } else if (distill) {
      params = distill.initStudent(model, params, imageShape);
    }
    if (cfg.emaDecay) {
      ema = new ParamsEma(cfg.emaDecay, params);
      if (restoredEma) ema.load(restoredEma);
      else if (resumeFrom) note('The checkpoint holds no params_ema: the average starts from the restored params.');
    } else if (restoredEma) {
      tf.dispose(Object.values(restoredEma));
    }

    const stopRequested = async () => {
      await turnEventLoop(); // delivers a signal that arrived during synchronous work
      return opts.stop?.requested;
    };
    const firstStep = (step = opt.count());
    chrono.inform({ firstStep });
    if (firstStep === 0 || firstStep === totalSteps) {
      note('Running initial or final evals...');
      writer.stepStart(firstStep);
      for (const ev of evaluators) if (!ev.skipFirst || firstStep === totalSteps) await runEval(ev, firstStep);
    }

    // --------------------------------------------------------------- loop
    note(firstStep < totalSteps ? `Starting training loop at step ${firstStep + 1}...` : 'Nothing left to train.');
    const ctx = { model, optimizer: opt, loss, seed, ...(cfg.mixupP ? { mixupP: cfg.mixupP } : {}), ...(distill ? { objective: distill.objective } : {}) };
    const serial = notParallel(ctx);
    if (workers > 1 && serial) {
      if (opts.workers !== 'auto') throw new Error(`--workers ${workers}: ${serial}; use --workers 1`);
      note(`One worker: ${serial}.`);
    } else if (workers > 1 && firstStep < totalSteps) {
      note(`Starting ${workers} data-parallel workers (${input.batchSize / workers} examples each per step)...`);
      const request = backend.request === 'auto' ? backend.name : backend.request;
      parallel = await ParallelSteps.start({ workers, config: opts.config, backend: request, imageShape, durations: { ...durations, totalSteps }, params, optState: opt.state() });
    }
    const pool = parallel;
    // Data-parallel workers each preprocess their own rows: the batches come unpreprocessed.
    const pipe = pool ? input.startRaw(dataPosition) : input.start(dataPosition);
    pipeline = pipe;
    const takeStep = async (batch: HostData | RawBatch, s: number) => {
      if (!(batch instanceof RawBatch)) return updateStep(ctx, params, batch, s);
      try {
        return await (pool as ParallelSteps).run(ctx, params, batch, s, input.preprocess);
      } catch (err) {
        const good = base && lastCheckpoint(base);
        if (err instanceof WorkerFailedError && good) throw new Error(`${err.message}. The last complete checkpoint, ${base}-${good}, is kept; a restart resumes from it.`, { cause: err });
        throw err;
      }
    };
    let lastGood = firstStep;
    let lastLoss = NaN;
    let savedStep = firstStep;
    const save = (s: number, keep: boolean) => {
      chrono.pause();
      const tree = stateToTree({ params, ...(ema ? { paramsEma: ema.params } : {}), opt: opt.state(), chrono: chrono.save(), dataPosition: pipe.position(), seed });
      try {
        checkpoint = saveCheckpoint(base as string, s, keep, tree);
      } catch (err) {
        const workdir = opts.workdir as string;
        const good = lastCheckpoint(base as string);
        const kept = good ? ` The last complete checkpoint, ${base}-${good}, is kept; a restart resumes from it.` : '';
        throw new Error(`cannot write the checkpoint of step ${s} in ${workdir}: ${checkWorkdir(workdir) ?? (err as Error).message}.${kept}`, { cause: err });
      }
      savedStep = s;
      chrono.resume();
    };
    while (step < totalSteps) {
      const stop = await stopRequested();
      if (stop) {
        stoppedBy = stop;
        if (base && savedStep !== step) save(step, false);
        break;
      }
      step++;
      const next = await pipe.next();
      if (next.done) throw new Error('the training input ended; it should repeat forever');
      writer.stepStart(step);
      const r = await chrono.logTiming(FIRST_UPDATE_METRIC, () => takeStep(next.value, step), step > firstStep + 1);
      params = r.params;
      ema?.update(params);
      const m = r.measurements;
      const finite = Object.values(m).every(Number.isFinite);
      const logged = itstime(step, logTraining, totalSteps);
      if (logged || chrono.warmup || !finite) {
        opt.schedules(step - 1).forEach((v, i) => measure(scheduleMetric(i), v));
        for (const [k, v] of Object.entries(m)) measure(k, v);
        chrono.tick(step);
        lastLoss = m.training_loss;
      }
      if (!finite) {
        writer.stepEnd();
        const bad = Object.entries(m).find(([, v]) => !Number.isFinite(v))?.[0];
        const good = base && lastCheckpoint(base);
        const keep = good ? ` The last good checkpoint, ${base}-${good}, is kept; a restart resumes from it (lower config.lr or set config.grad_clip_norm first).` : '';
        throw new Error(`${bad} became nan or inf somewhere within steps [${lastGood}, ${step}].${keep}`);
      }
      lastGood = step;
      const decision = checkpointDecision(step, totalSteps, ckptEvery, keepEvery);
      if (base && decision.save) save(step, decision.keep);
      for (const ev of evaluators) {
        if (!itstime(step, ev.logSteps, totalSteps, { first: false, last: true })) continue;
        // A stop skips the evals not begun (they can take long); the last step's evals are the run's result.
        if (step < totalSteps && (await stopRequested())) break;
        chrono.pause();
        chrono.tick(step);
        await runEval(ev, step);
        chrono.resume();
      }
      writer.stepEnd();
      progress.update({ step, total: totalSteps, imgPerSec: last.get('img/sec/core') ?? NaN, loss: lastLoss, etaSeconds: chrono.secondsPerStep * (totalSteps - step), logged });
    }
    writer.close();
  } catch (err) {
    try {
      mw?.close(); // what the failing step measured
    } catch {
      // The error on its way says more than a failed metrics write would.
    }
    throw err;
  } finally {
    await pipeline?.return();
    await parallel?.close();
    tf.dispose(Object.values(params));
    ema?.dispose();
    distill?.dispose();
    optimizer?.dispose();
  }
  note(`Done! Step ${step}/${totalSteps}, ${chrono.summary()}.`);
  return { step, totalSteps, stoppedBy, checkpoint, last };
}
