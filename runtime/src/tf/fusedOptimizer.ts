// The optimizer step in one pass on the wasm backend: clipping, the gradient
// transformation, lr · lr_mult, weight decay and the schedule for every
// parameter, and the step's global norms (l2_grads, l2_params, l2_updates),
// in a single kernel over the backend's memory. As tf ops the same step is
// ~15 elementwise ops per parameter (~1500 small kernels a step for a small
// ViT, ~13% of its step time); here it is one loop per tensor, in float64,
// rounded to float32 when stored.

import * as tf from '@tensorflow/tfjs';
import { installWasmKernels, wasmInternals, type WasmInternals } from './wasmKernels';

/** A gradient transformation the fused step implements (optim/transforms.ts describes each of its own). */
export type FusedRule =
  | { readonly kind: 'adam'; readonly b1: number; readonly b2: number; readonly eps: number; readonly epsRoot: number; readonly nesterov: boolean }
  | { readonly kind: 'trace'; readonly decay: number; readonly nesterov: boolean }
  | { readonly kind: 'identity' };

/** One updated parameter: its gradient, value and state slots, and its factors for this step. */
export interface FusedParam {
  readonly grad: tf.Tensor;
  readonly param: tf.Tensor;
  readonly slots: readonly tf.Tensor[];
  /** −schedule · lr · lr_mult. */
  readonly lrScale: number;
  /** schedule · wd · wd_mult (0: no weight decay). */
  readonly wdScale: number;
}

export interface FusedStep {
  rule: FusedRule;
  /** 1-based update count (optax's count after increment). */
  t: number;
  /** Global-norm clipping threshold; 0 = none. */
  clip: number;
  live: readonly FusedParam[];
  /** Parameters that are not updated (they count in l2_params only). */
  frozen: readonly tf.Tensor[];
}

export interface FusedResult {
  params: tf.Tensor[];
  slots: tf.Tensor[][];
  /** Global L2 norms: of the gradients of updated params (before clipping), of all params after, of the updates. */
  l2: { grads: number; params: number; updates: number };
}

const KERNEL = 'BvOptimizerStep';

interface Attrs {
  rule: FusedRule;
  t: number;
  clip: number;
  scales: number[];
  live: number;
  slots: number;
}

function sumSquares(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

function stepKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: unknown }): tf.TensorInfo[] {
  const be = args.backend as WasmInternals;
  const { rule, t, clip, scales, live, slots: nSlots } = args.attrs as Attrs;
  const ins = Object.keys(args.inputs).sort((a, b) => Number(a) - Number(b)).map((k) => args.inputs[k] as tf.TensorInfo);
  const per = 2 + nSlots;
  const outs: tf.TensorInfo[] = [];
  for (let i = 0; i < live; i++) for (let j = 0; j < 1 + nSlots; j++) outs.push(be.makeOutput(ins[i * per + 1].shape, 'float32'));
  const norms = be.makeOutput([3], 'float32');
  // Views after every allocation: makeOutput may grow (and so replace) the wasm heap.
  const view = (x: tf.TensorInfo): Float32Array => be.typedArrayFromHeap(x);
  let g2 = 0;
  for (let i = 0; i < live; i++) g2 += sumSquares(view(ins[i * per]));
  const gNorm = Math.sqrt(g2);
  // optax.clip_by_global_norm: g if ‖g‖ < clip else g / ‖g‖ · clip.
  const factor = clip && !(gNorm < clip) ? clip / gNorm : 1;
  let p2 = 0;
  let u2 = 0;
  const [b1, b2] = rule.kind === 'adam' ? [rule.b1, rule.b2] : [0, 0];
  // optax's bias corrections; with nesterov m̂ = b1·m/(1 − b1^(t+1)) + (1 − b1)·g/(1 − b1^t).
  const mCoef = rule.kind === 'adam' ? (rule.nesterov ? b1 / (1 - Math.pow(b1, t + 1)) : 1 / (1 - Math.pow(b1, t))) : 0;
  const gCoef = rule.kind === 'adam' && rule.nesterov ? (1 - b1) / (1 - Math.pow(b1, t)) : 0;
  const vCoef = rule.kind === 'adam' ? 1 / (1 - Math.pow(b2, t)) : 0;
  for (let i = 0; i < live; i++) {
    const g = view(ins[i * per]);
    const p = view(ins[i * per + 1]);
    const np = view(outs[i * (1 + nSlots)]);
    const lrScale = scales[2 * i];
    const wdScale = scales[2 * i + 1];
    if (rule.kind === 'adam') {
      const [mu, nu] = [view(ins[i * per + 2]), view(ins[i * per + 3])];
      const [nm, nv] = [view(outs[i * 3 + 1]), view(outs[i * 3 + 2])];
      const { eps, epsRoot } = rule;
      for (let e = 0; e < g.length; e++) {
        const gg = g[e] * factor;
        const m = (nm[e] = (1 - b1) * gg + b1 * mu[e]);
        const v = (nv[e] = (1 - b2) * gg * gg + b2 * nu[e]);
        const u = ((mCoef * m + gCoef * gg) / (Math.sqrt(vCoef * v + epsRoot) + eps)) * lrScale - wdScale * p[e];
        const x = (np[e] = p[e] + u);
        u2 += u * u;
        p2 += x * x;
      }
    } else if (rule.kind === 'trace') {
      const tr = view(ins[i * per + 2]);
      const nt = view(outs[i * 2 + 1]);
      const { decay, nesterov } = rule;
      for (let e = 0; e < g.length; e++) {
        const gg = g[e] * factor;
        // optax.trace: t' = g + decay·t; the update is t' (or g + decay·t' with Nesterov).
        const next = (nt[e] = gg + decay * tr[e]);
        const u = (nesterov ? gg + decay * next : next) * lrScale - wdScale * p[e];
        const x = (np[e] = p[e] + u);
        u2 += u * u;
        p2 += x * x;
      }
    } else {
      for (let e = 0; e < g.length; e++) {
        const u = g[e] * factor * lrScale - wdScale * p[e];
        const x = (np[e] = p[e] + u);
        u2 += u * u;
        p2 += x * x;
      }
    }
  }
  for (let i = live * per; i < ins.length; i++) p2 += sumSquares(view(ins[i]));
  view(norms).set([gNorm, Math.sqrt(p2), Math.sqrt(u2)]);
  return [...outs, norms];
}

let registered = false;

/** The fused step of `s` on the wasm backend; undefined elsewhere (the caller runs the same step as tf ops). */
export function fusedOptimizerStep(s: FusedStep): FusedResult | undefined {
  if (!installWasmKernels() || !wasmInternals()) return undefined;
  const all = [...s.live.flatMap((p) => [p.grad, p.param, ...p.slots]), ...s.frozen];
  if (all.some((x) => x.dtype !== 'float32')) return undefined;
  if (!registered) {
    tf.registerKernel({ kernelName: KERNEL, backendName: 'wasm', kernelFunc: stepKernel as unknown as tf.KernelFunc });
    registered = true;
  }
  const nSlots = s.live[0]?.slots.length ?? 0;
  const named: tf.NamedTensorMap = {};
  all.forEach((x, i) => (named[String(i)] = x));
  const attrs: Attrs = { rule: { ...s.rule }, t: s.t, clip: s.clip, scales: s.live.flatMap((p) => [p.lrScale, p.wdScale]), live: s.live.length, slots: nSlots };
  const outs = tf.engine().runKernel(KERNEL, named, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  const norms = outs[outs.length - 1];
  const [grads, params, updates] = norms.dataSync();
  norms.dispose();
  const per = 1 + nSlots;
  return {
    params: s.live.map((_, i) => outs[i * per]),
    slots: s.live.map((_, i) => outs.slice(i * per + 1, (i + 1) * per)),
    l2: { grads, params, updates },
  };
}
