/**
 * The train state as a checkpoint tree and back: `params/<name>`, `opt/<name>`, `chrono/<accumulator>` as in
 * upstream (and `params_ema/<name>` when the run averages its params, as upstream's jetformer), plus what upstream does not save but a bundled resume needs to be exact: `data/position` (examples the
 * input pipeline consumed) and `rng/seed` (every random draw derives from (seed, step), so that is the RNG state).
 */
import * as tf from '@tensorflow/tfjs';
import type { CheckpointTree } from '../checkpoint/checkpoint';
import type { Leaf } from '../checkpoint/zarr';
import type { Params } from '../models/types';
import type { ChronoState } from './chrono';

export interface TrainState {
  params: Params;
  /** The Polyak average of the params (`ema_decay`), when the run keeps one. */
  paramsEma?: Params;
  opt: Record<string, tf.Tensor>;
  chrono: ChronoState;
  dataPosition: number;
  seed: number;
}

function leafOf(t: tf.Tensor): Leaf {
  const data = t.dataSync();
  return { shape: t.shape, data: t.dtype === 'float32' ? (data as Float32Array) : Int32Array.from(data) };
}

function tensorOf(leaf: Leaf, name: string): tf.Tensor {
  const d = leaf.data;
  if (d instanceof Float32Array || d instanceof Int32Array) return tf.tensor(d, [...leaf.shape], d instanceof Float32Array ? 'float32' : 'int32');
  if (d instanceof Uint32Array) return tf.tensor(Int32Array.from(d), [...leaf.shape], 'int32');
  throw new Error(`checkpoint leaf ${name}: ${d.constructor.name} cannot become a model or optimizer tensor`);
}

/** The checkpoint tree of `state` (reads the tensors to host memory). */
export function stateToTree(state: TrainState): CheckpointTree {
  const tree: CheckpointTree = new Map();
  for (const [k, t] of Object.entries(state.params)) tree.set(`params/${k}`, leafOf(t));
  for (const [k, t] of Object.entries(state.paramsEma ?? {})) tree.set(`params_ema/${k}`, leafOf(t));
  for (const [k, t] of Object.entries(state.opt)) tree.set(`opt/${k}`, leafOf(t));
  for (const [k, v] of Object.entries(state.chrono)) {
    tree.set(`chrono/${k}`, k === 'accum_examples_seen' ? { shape: [], data: BigInt64Array.of(BigInt(Math.round(v))) } : { shape: [], data: Float64Array.of(v) });
  }
  tree.set('data/position', { shape: [], data: BigInt64Array.of(BigInt(state.dataPosition)) });
  tree.set('rng/seed', { shape: [], data: BigInt64Array.of(BigInt(state.seed)) });
  return tree;
}

function scalar(tree: CheckpointTree, name: string): number | undefined {
  const leaf = tree.get(name);
  if (!leaf) return undefined;
  const v = leaf.data[0];
  return typeof v === 'bigint' ? Number(v) : v;
}

/**
 * Splits a loaded checkpoint into tensors by subtree and checks the params match the model's (same names and
 * shapes), naming the first mismatch: resuming a workdir with a changed model config is a common mistake.
 */
export function treeToState(tree: CheckpointTree, expected: Params, where: string): TrainState {
  const params: Params = {};
  const opt: Record<string, tf.Tensor> = {};
  const ema: Params = {};
  for (const [name, leaf] of tree) {
    if (name.startsWith('params/')) params[name.slice(7)] = tensorOf(leaf, name);
    else if (name.startsWith('params_ema/')) ema[name.slice(11)] = tensorOf(leaf, name);
    else if (name.startsWith('opt/')) opt[name.slice(4)] = tensorOf(leaf, name);
  }
  const problems: string[] = [];
  for (const [k, t] of Object.entries(expected)) {
    const got = params[k];
    if (!got) problems.push(`missing params/${k}`);
    else if (got.shape.join(',') !== t.shape.join(',')) problems.push(`params/${k} has shape [${got.shape.join(', ')}], the model wants [${t.shape.join(', ')}]`);
  }
  for (const k of Object.keys(params)) if (!(k in expected)) problems.push(`params/${k} is not a parameter of this model`);
  if (problems.length) {
    tf.dispose([Object.values(params), Object.values(opt), Object.values(ema)]);
    throw new Error(`checkpoint ${where} does not fit the configured model (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}). Use a new --workdir, or restore the config it was trained with.`);
  }
  const chrono: ChronoState = {
    accum_program_time: scalar(tree, 'chrono/accum_program_time') ?? 0,
    accum_train_time: scalar(tree, 'chrono/accum_train_time') ?? 0,
    accum_pause_time: scalar(tree, 'chrono/accum_pause_time') ?? 0,
    accum_examples_seen: scalar(tree, 'chrono/accum_examples_seen') ?? 0,
  };
  // Order params as the model creates them (checkpoint listing order is alphabetical).
  const ordered: Params = {};
  for (const k of Object.keys(expected)) ordered[k] = params[k];
  // An average that does not match the params (a run that did not average) is dropped: the caller starts anew.
  const emaFits = Object.keys(expected).every((k) => ema[k]?.shape.join(',') === params[k].shape.join(',')) && Object.keys(ema).length === Object.keys(expected).length;
  let paramsEma: Params | undefined;
  if (emaFits) paramsEma = Object.fromEntries(Object.keys(expected).map((k) => [k, ema[k]]));
  else tf.dispose(Object.values(ema));
  return { params: ordered, ...(paramsEma ? { paramsEma } : {}), opt, chrono, dataPosition: scalar(tree, 'data/position') ?? -1, seed: scalar(tree, 'rng/seed') ?? NaN };
}
