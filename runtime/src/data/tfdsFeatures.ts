// features.json of a TFDS dataset (the FeaturesDict proto as JSON), flattened
// to the feature names tf.train.Example uses (`objects/bbox` for nested
// dicts). Only what reading needs is kept: kind, shape, dtype, image format,
// class count. Unknown feature classes are kept by name with an unknown shape.

/** A leaf feature. `shape` uses null for unknown sizes (-1 in TFDS). */
export interface TfdsFeature {
  /** Short class name: Image, ClassLabel, Tensor, Scalar, Text, Video, ... */
  readonly type: string;
  readonly shape: readonly (number | null)[] | null;
  /** TFDS dtype name (uint8, int64, float32, string, bool, ...). */
  readonly dtype: string;
  readonly encodingFormat?: string;
  readonly numClasses?: number;
}

interface Json {
  [key: string]: unknown;
}

function dims(shape: unknown): (number | null)[] | null {
  const d = (shape as { dimensions?: unknown[] } | undefined)?.dimensions;
  if (!Array.isArray(d)) return shape ? [] : null;
  return d.map((x) => (Number(x) < 0 ? null : Number(x)));
}

function leaf(node: Json): TfdsFeature {
  const cls = String(node.pythonClassName ?? node.type ?? 'unknown');
  const type = cls.slice(cls.lastIndexOf('.') + 1);
  const image = node.image as Json | undefined;
  if (image) {
    return { type, shape: dims(image.shape) ?? [null, null, 3], dtype: String(image.dtype ?? 'uint8'), ...(image.encodingFormat ? { encodingFormat: String(image.encodingFormat) } : {}) };
  }
  const label = node.classLabel as Json | undefined;
  if (label) return { type, shape: [], dtype: 'int64', ...(label.numClasses !== undefined ? { numClasses: Number(label.numClasses) } : {}) };
  const tensor = node.tensor as Json | undefined;
  if (tensor) return { type, shape: dims(tensor.shape) ?? [], dtype: String(tensor.dtype ?? 'float32') };
  if (node.text !== undefined || type === 'Text') return { type, shape: [], dtype: 'string' };
  return { type, shape: null, dtype: 'unknown' };
}

function walk(node: Json, prefix: string, out: Record<string, TfdsFeature>): void {
  const dict = (node.featuresDict as Json | undefined)?.features as Record<string, Json> | undefined;
  if (dict) {
    for (const [name, child] of Object.entries(dict)) walk(child, prefix ? `${prefix}/${name}` : name, out);
    return;
  }
  const seq = node.sequence as Json | undefined;
  if (seq?.feature) {
    // A Sequence adds a leading axis to every feature below it.
    const inner: Record<string, TfdsFeature> = {};
    walk(seq.feature as Json, prefix, inner);
    const length = Number(seq.length ?? -1);
    for (const [name, f] of Object.entries(inner)) out[name] = { ...f, shape: f.shape ? [length < 0 ? null : length, ...f.shape] : null };
    return;
  }
  out[prefix] = leaf(node);
}

/** Flattens a parsed features.json. */
export function parseFeatures(json: unknown): Record<string, TfdsFeature> {
  const out: Record<string, TfdsFeature> = {};
  if (json && typeof json === 'object') walk(json as Json, '', out);
  return out;
}
