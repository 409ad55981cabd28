/**
 * The memory one training step needs on one device, estimated: float32 parameters and gradients (big_vision keeps
 * params in float32; train.py donates params and optimizer state, so no second copy), the optimizer state of
 * `optax_name`, the input batch (float32 images, one-hot labels) and the activations kept for the backward pass of
 * the device's share of the batch, with `ema_decay` a float32 EMA copy of the params, and for distillation the
 * teachers' float32 params (their forward activations are not kept for a backward pass and are not counted). Params, gradients and optimizer state are replicated on every device, as
 * upstream's default `sharding_strategy` does, or split over the devices when it shards everything with `fsdp`.
 * XLA's fusion, rematerialisation and scratch space are not modelled: an estimate, and labelled so.
 */
import type { JsonObject, JsonValue } from '../registry';
import { optimizerState } from './optimizerState';
import { countParams, type ArchitectureFacts, type ImageSize } from './types';

export interface MemoryEstimate {
  readonly devices: number;
  readonly batchPerDevice: number;
  /** Bytes per device. */
  readonly params: number;
  readonly grads: number;
  readonly optimizer: number;
  /** What the optimizer state holds. */
  readonly optimizerWhat: string;
  /** The EMA (Polyak) copy of the params `ema_decay` keeps; 0 without it. */
  readonly ema: number;
  /** Distillation teachers' float32 params (forward only: no gradients, no optimizer state). */
  readonly teachers: number;
  readonly inputs: number;
  readonly activations: number;
  readonly total: number;
  /** Params, gradients and optimizer state split over the devices (fsdp). */
  readonly sharded: boolean;
}

/** Whether `sharding_strategy` shards every parameter with fsdp (`[('.*', 'fsdp')]`). */
export function shardsEverything(strategy: JsonValue | undefined): boolean {
  if (!Array.isArray(strategy)) return false;
  // The first rule matching a parameter name decides its tactic, as upstream's sharding rules are read.
  const matches = (re: string): boolean => {
    try {
      return new RegExp(`^(?:${re})$`).test('Transformer/encoderblock_0/MlpBlock_0/Dense_0/kernel');
    } catch {
      return false;
    }
  };
  const first = strategy.find((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && matches(e[0]));
  return Array.isArray(first) && first[1] === 'fsdp';
}

/** Per-device memory of one training step of `facts` with the config's batch over `devices` devices. */
export function estimateMemory(
  config: JsonObject, facts: ArchitectureFacts, image: ImageSize, batch: number, devices: number, numClasses: number, teacherParams = 0,
): MemoryEstimate {
  const n = countParams(facts.params);
  const sharded = devices > 1 && shardsEverything(config.sharding_strategy);
  const split = sharded ? devices : 1;
  const opt = optimizerState(config, facts.params);
  const batchPerDevice = batch / devices;
  const params = (4 * n) / split;
  const grads = (4 * n) / split;
  const optimizer = opt.bytes / split;
  const ema = typeof config.ema_decay === 'number' && config.ema_decay > 0 ? params : 0;
  const teachers = (4 * teacherParams) / split;
  const inputs = batchPerDevice * 4 * (image.height * image.width * image.channels + numClasses);
  const activations = batchPerDevice * facts.activations * facts.activationBytes;
  return {
    devices, batchPerDevice, params, grads, optimizer, optimizerWhat: opt.what, ema, teachers, inputs, activations, sharded,
    total: params + grads + optimizer + ema + teachers + inputs + activations,
  };
}
