/**
 * Gradients into and out of the flat shared vectors of sharedGrads.ts: parameters in the model's order, each at
 * the running sum of the sizes before it, and the loss last.
 */
import * as tf from '@tensorflow/tfjs';
import type { Params } from '../../models/types';
import { wasmInternals } from '../../tf/wasmKernels';
import type { Gradients } from '../update';

/** Writes `g` into `slot` (and disposes it): each gradient at its offset, the loss at the end. */
export function writeSlot(slot: Float32Array, names: readonly string[], g: Gradients): void {
  try {
    // On wasm the gradients are read where they lie in the backend's memory (dataSync would copy each first).
    const be = wasmInternals();
    let offset = 0;
    for (const n of names) {
      const t = g.grads[n];
      slot.set(be && t.dtype === 'float32' ? be.typedArrayFromHeap(t) : (t.dataSync() as Float32Array), offset);
      offset += t.size;
    }
    if (offset !== slot.length - 1) throw new Error(`gradients hold ${offset} values, the shared slot ${slot.length - 1}`);
    slot[offset] = g.loss.dataSync()[0];
  } finally {
    tf.dispose([g.loss, Object.values(g.grads)]);
  }
}

/** The averaged gradients and loss in `result` as tensors shaped like `params` (copied into the backend: the buffer
 * is reused). */
export function readAveraged(result: Float32Array, params: Params): Gradients {
  const grads: Params = {};
  // The wasm backend copies what it is given into its memory; the cpu backend keeps the array itself.
  const copies = wasmInternals() !== undefined;
  let offset = 0;
  for (const [n, p] of Object.entries(params)) {
    grads[n] = tf.tensor(copies ? result.subarray(offset, offset + p.size) : result.slice(offset, offset + p.size), p.shape, 'float32');
    offset += p.size;
  }
  return { loss: tf.scalar(result[offset]), grads };
}

/** Number of values a slot holds for `params` (without the loss). */
export function gradientSize(params: Params): number {
  return Object.values(params).reduce((n, t) => n + t.size, 0);
}
