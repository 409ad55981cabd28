/**
 * What the model facts say about one architecture at one input size, computed in closed form from the config (no
 * tfjs, so the language server can use it): the parameter tensors by upstream name, multiply-adds of one forward
 * pass, and the activation elements a training step keeps for the backward pass, per example.
 */

/** One parameter tensor, named as upstream's flax module names it (`Transformer/encoderblock_0/...`). */
export interface ParamTensor {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Input image size the facts are computed at, and where it was read. */
export interface ImageSize {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Where the size comes from, e.g. `input.pp: resize(224)`, `init_shapes[0]`, `assumed`. */
  readonly source: string;
}

/** Closed-form facts of one model at one image size. */
export interface ArchitectureFacts {
  /** Human name, e.g. `ViT-B/16`, `Mixer-B/16`, `BiT-R50x1 (ResNet v2)`. */
  readonly title: string;
  readonly params: readonly ParamTensor[];
  /** Multiply-adds of one forward pass of one image (the path to the logits the loss reads). */
  readonly macs: number;
  /** Activation elements one example keeps for the backward pass (no rematerialisation unless `remat`). */
  readonly activations: number;
  /** Bytes per activation element (4 for float32, 2 when matmuls run in bfloat16). */
  readonly activationBytes: number;
  /** Notes on what the activation count assumes. */
  readonly notes: readonly string[];
}

/** Elements of a shape. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Total parameter count. */
export function countParams(params: readonly ParamTensor[]): number {
  return params.reduce((n, p) => n + numel(p.shape), 0);
}

/** Collects parameter tensors under a `/`-joined prefix, as flax nests module names. */
export class ParamList {
  readonly list: ParamTensor[] = [];

  add(name: string, ...shape: number[]): this {
    this.list.push({ name, shape });
    return this;
  }

  /** `name/kernel` (in, out) and `name/bias` (out): a flax Dense. */
  dense(name: string, inDim: number, outDim: number, bias = true): this {
    this.add(`${name}/kernel`, inDim, outDim);
    return bias ? this.add(`${name}/bias`, outDim) : this;
  }

  /** `name/scale` and `name/bias` of a LayerNorm or GroupNorm over `dim` channels. */
  norm(name: string, dim: number): this {
    return this.add(`${name}/scale`, dim).add(`${name}/bias`, dim);
  }
}
