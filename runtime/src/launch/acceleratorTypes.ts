/**
 * What an accelerator type name says about the slice (generation, chips, hosts) before any node exists, and which
 * runtime versions (TPU VM images) fit a generation. The confirmation shows chips and hosts; `bv tpu run` picks the
 * newest fitting runtime version when none is given. Naming rules (Cloud TPU docs, "TPU versions"): v2, v3, v4 and
 * v5p count TensorCores (2 per chip, 4 chips per host); v5e (`v5litepod-N`) and v6e (`v6e-N`) count chips, one
 * host up to 8 chips, 4 chips per host beyond.
 */

export interface AcceleratorInfo {
  /** `v2`, `v3`, `v4`, `v5p`, `v5e`, `v6e`, or the type's prefix for an unknown one. */
  generation: string;
  chips: number;
  hosts: number;
}

/** Runtime versions that fit each generation, most suitable (plain JAX images) first. */
const RUNTIME_PATTERNS: Record<string, RegExp[]> = {
  v2: [/^tpu-ubuntu2204-base$/, /^tpu-vm-base$/, /^tpu-vm-(tf|pt)-/],
  v3: [/^tpu-ubuntu2204-base$/, /^tpu-vm-base$/, /^tpu-vm-(tf|pt)-/],
  v4: [/^tpu-ubuntu2204-base$/, /^tpu-vm-v4-base$/, /^tpu-vm-v4-/],
  v5e: [/^v2-alpha-tpuv5-lite$/, /tpuv5-lite|v5e/],
  v5p: [/^v2-alpha-tpuv5$/, /tpuv5(?!-lite)|v5p/],
  v6e: [/^v2-alpha-tpuv6e$/, /tpuv6e|v6e/],
};

/** Generation, chips and hosts of `type` (`v4-32` → v4, 16 chips, 4 hosts); undefined for a name of no known form. */
export function acceleratorInfo(type: string): AcceleratorInfo | undefined {
  const m = /^(v\d+[a-z]*|v5litepod)-(\d+)$/.exec(type.trim());
  if (!m) return undefined;
  const n = Number(m[2]);
  const prefix = m[1];
  if (prefix === 'v5litepod' || prefix === 'v5e' || prefix === 'v6e') {
    const generation = prefix === 'v6e' ? 'v6e' : 'v5e';
    return { generation, chips: n, hosts: n <= 8 ? 1 : Math.ceil(n / 4) };
  }
  if (['v2', 'v3', 'v4', 'v5p'].includes(prefix)) {
    const chips = Math.max(1, n / 2);
    return { generation: prefix, chips, hosts: Math.max(1, Math.ceil(chips / 4)) };
  }
  return { generation: prefix, chips: n, hosts: 1 };
}

/** Splits into text and number runs for a natural order (`v2-alpha-tpuv5` < `v2-alpha-tpuv10`). */
function naturalKey(s: string): (string | number)[] {
  return s.split(/(\d+)/).map((p, i) => (i % 2 ? Number(p) : p));
}

function compareNatural(a: string, b: string): number {
  const ka = naturalKey(a);
  const kb = naturalKey(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const x = ka[i];
    const y = kb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * The runtime versions of `available` that fit accelerator `type`, best first: the generation's plain images
 * before framework images, newest first within each. Empty when none fits (the caller lists them all then).
 */
export function runtimeVersionsFor(type: string, available: readonly string[]): string[] {
  const info = acceleratorInfo(type);
  const patterns = info ? RUNTIME_PATTERNS[info.generation] : undefined;
  if (!patterns) return [];
  const out: string[] = [];
  for (const p of patterns) {
    const hits = available.filter((v) => p.test(v) && !out.includes(v)).sort(compareNatural).reverse();
    out.push(...hits);
  }
  return out;
}

/** The runtime version `bv tpu run` and `create` use when none is given; throws naming the zone's versions. */
export function defaultRuntimeVersion(type: string, available: readonly string[], zone: string): string {
  const fits = runtimeVersionsFor(type, available);
  if (fits.length) return fits[0];
  throw new Error(
    `no runtime version of ${zone} is known to fit ${type}; pass --runtime-version, one of: ${available.join(', ') || '(the zone lists none)'}`,
  );
}
