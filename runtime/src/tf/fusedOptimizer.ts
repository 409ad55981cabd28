// The optimizer step in one pass on the wasm backend: clipping, the gradient
// transformation, lr · lr_mult, weight decay and the schedule for every
// parameter, and the step's global norms (l2_grads, l2_params, l2_updates),
// in a single kernel over the backend's memory. As tf ops the same step is
// ~15 elementwise ops per parameter (~1500 small kernels a step for a small
// ViT, ~13% of its step time); here it is one SIMD loop per tensor
// (simd/kernels.wat: float32 arithmetic as tf's, norms summed in float64),
// the last n % 4 values of each in JavaScript.

import * as tf from '@tensorflow/tfjs';
import { installWasmKernels, offsetOf, scratch, simd, wasmInternals, type WasmInternals } from './wasmKernels';

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

function sumSquares(x: Float32Array, from: number): number {
  let s = 0;
  for (let i = from; i < x.length; i++) s += x[i] * x[i];
  return s;
}

function stepKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: unknown }): tf.TensorInfo[] {
  const be = args.backend as WasmInternals;
  const kernels = simd(be);
  const { rule, t, clip, scales, live, slots: nSlots } = args.attrs as Attrs;
  const ins = Object.keys(args.inputs).sort((a, b) => Number(a) - Number(b)).map((k) => args.inputs[k] as tf.TensorInfo);
  const per = 2 + nSlots;
  const outs: tf.TensorInfo[] = [];
  for (let i = 0; i < live; i++) for (let j = 0; j < 1 + nSlots; j++) outs.push(be.makeOutput(ins[i * per + 1].shape, 'float32'));
  const norms = be.makeOutput([3], 'float32');
  const sums = scratch(be);
  // Offsets and views after every allocation: makeOutput may grow (and so replace) the wasm heap.
  const at = (x: tf.TensorInfo): number => offsetOf(be, x);
  const view = (x: tf.TensorInfo): Float32Array => be.typedArrayFromHeap(x);
  const size = (x: tf.TensorInfo): number => x.shape.reduce((a, b) => a * b, 1);
  const squares = (x: tf.TensorInfo): number => {
    const len4 = size(x) & ~3;
    return kernels.sum_squares(at(x), len4) + sumSquares(view(x), len4);
  };
  let g2 = 0;
  for (let i = 0; i < live; i++) g2 += squares(ins[i * per]);
  const gNorm = Math.sqrt(g2);
  // optax.clip_by_global_norm: g if ‖g‖ < clip else g / ‖g‖ · clip.
  const factor = clip && !(gNorm < clip) ? clip / gNorm : 1;
  const heap64 = () => new Float64Array(view(norms).buffer, sums, 2);
  heap64().fill(0);
  let p2 = 0;
  let u2 = 0;
  const [b1, b2] = rule.kind === 'adam' ? [rule.b1, rule.b2] : [0, 0];
  // optax's bias corrections; with nesterov m̂ = b1·m/(1 − b1^(t+1)) + (1 − b1)·g/(1 − b1^t).
  const mCoef = rule.kind === 'adam' ? (rule.nesterov ? b1 / (1 - Math.pow(b1, t + 1)) : 1 / (1 - Math.pow(b1, t))) : 0;
  const gCoef = rule.kind === 'adam' && rule.nesterov ? (1 - b1) / (1 - Math.pow(b1, t)) : 0;
  const vCoef = rule.kind === 'adam' ? 1 / (1 - Math.pow(b2, t)) : 0;
  // optax.trace: t' = g + decay·t; the update is t' (or g + decay·t' with Nesterov). identity: t' = g, update g.
  const [decay, ga, ta] = rule.kind === 'trace' ? [rule.decay, rule.nesterov ? 1 : 0, rule.nesterov ? rule.decay : 1] : [0, 1, 0];
  for (let i = 0; i < live; i++) {
    const [gi, pi, oi] = [ins[i * per], ins[i * per + 1], outs[i * (1 + nSlots)]];
    const n = size(pi);
    const len4 = n & ~3;
    const lrScale = scales[2 * i];
    const wdScale = scales[2 * i + 1];
    if (rule.kind === 'adam') {
      const [mi, ni, omi, oni] = [ins[i * per + 2], ins[i * per + 3], outs[i * 3 + 1], outs[i * 3 + 2]];
      kernels.adam_step(at(gi), at(pi), at(mi), at(ni), len4, factor, b1, b2, mCoef, gCoef, vCoef, rule.eps, rule.epsRoot, lrScale, wdScale, at(oi), at(omi), at(oni), sums);
      const [g, p, mu, nu, np, nm, nv] = [gi, pi, mi, ni, oi, omi, oni].map(view);
      for (let e = len4; e < n; e++) {
        const gg = g[e] * factor;
        const m = (nm[e] = (1 - b1) * gg + b1 * mu[e]);
        const v = (nv[e] = (1 - b2) * gg * gg + b2 * nu[e]);
        const u = ((mCoef * m + gCoef * gg) / (Math.sqrt(vCoef * v + rule.epsRoot) + rule.eps)) * lrScale - wdScale * p[e];
        const x = (np[e] = p[e] + u);
        u2 += u * u;
        p2 += x * x;
      }
    } else {
      // identity runs as a trace of decay 0 whose new state is written where the new param then goes.
      const [ti, oti] = rule.kind === 'trace' ? [ins[i * per + 2], outs[i * 2 + 1]] : [gi, oi];
      kernels.trace_step(at(gi), at(pi), at(ti), len4, factor, decay, ga, ta, lrScale, wdScale, at(oi), at(oti), sums);
      const [g, p, tr, np, nt] = [gi, pi, ti, oi, oti].map(view);
      for (let e = len4; e < n; e++) {
        const gg = g[e] * factor;
        const next = gg + decay * tr[e];
        if (rule.kind === 'trace') nt[e] = next;
        const u = (ga * gg + ta * next) * lrScale - wdScale * p[e];
        const x = (np[e] = p[e] + u);
        u2 += u * u;
        p2 += x * x;
      }
    }
  }
  for (let i = live * per; i < ins.length; i++) p2 += squares(ins[i]);
  const [su, sx] = heap64();
  view(norms).set([gNorm, Math.sqrt(p2 + sx), Math.sqrt(u2 + su)]);
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
