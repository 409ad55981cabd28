/**
 * Model facts as people read them: the `bv info` table and JSON object, the hover text and the inlay hint. One
 * place, so the command line and the editor say the same thing in the same words.
 */
import type { ConfigFacts } from './modelFacts';

/** A count in K/M/B with three significant digits: 86.6M, 1.84B. */
export function shortCount(n: number): string {
  const units: [number, string][] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, unit] of units) if (n >= size) return `${(n / size).toPrecision(3)}${unit}`;
  return String(n);
}

/** Bytes in GiB, or MiB below one GiB. */
export function formatBytes(b: number): string {
  const GiB = 1024 ** 3;
  return b >= GiB ? `${(b / GiB).toFixed(b >= 100 * GiB ? 0 : 1)} GiB` : `${(b / 1024 ** 2).toFixed(1)} MiB`;
}

/** A positive amount with about three significant digits: 965, 35.1, 4.09, 0.00459. */
function sig(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

const gflops = (f: ConfigFacts): string => sig(f.gflops);

/** Where the batch runs: the slice, or one device. */
function placement(f: ConfigFacts): string {
  if (!f.slice) return 'one device';
  const s = f.slice;
  return `${s.type}: ${s.chips} chips, ${s.devices} devices, ${s.hosts} host${s.hosts === 1 ? '' : 's'}`;
}

/** The readable table of `bv info`. */
export function factsTable(f: ConfigFacts, fits: Record<string, string | null>): string {
  const m = f.memory;
  const row = (k: string, v: string) => `  ${k.padEnd(16)}${v}`;
  const lines = [
    row(f.role, `${f.arch.title}, ${f.role === 'student' ? 'student_name' : 'model_name'}='${f.modelName}', ${f.numClasses ? `${f.numClasses} classes` : 'no head'}`),
    ...f.teachers.map((t) => row('teacher', `${t.title}, ${t.key}_name, ${t.params.toLocaleString('en-US')} parameters`)),
    row('image', `${f.image.height}x${f.image.width}x${f.image.channels} from ${f.image.source}`),
    row('parameters', `${f.params.toLocaleString('en-US')} (${shortCount(f.params)})`),
    row('compute', `${sig(f.macs / 1e9)} GMACs = ${gflops(f)} GFLOPs per image, forward pass; 2 FLOPs per multiply-add`),
    row('batch', `${f.batch} global, ${m.batchPerDevice} per device on ${placement(f)}`),
    '',
    '  training-step memory per device, estimated:',
    row('  params', formatBytes(m.params)),
    row('  gradients', formatBytes(m.grads)),
    row('  optimizer', `${formatBytes(m.optimizer)}, ${m.optimizerWhat}`),
    ...(m.ema ? [row('  EMA params', formatBytes(m.ema))] : []),
    ...(m.teachers ? [row('  teachers', formatBytes(m.teachers))] : []),
    row('  inputs', formatBytes(m.inputs)),
    row('  activations', formatBytes(m.activations)),
    row('  total', formatBytes(m.total)),
  ];
  if (f.slice) {
    const verdict = f.fits ? 'fits' : 'does NOT fit';
    lines.push(row('  HBM', `${formatBytes(f.slice.deviceBytes)} per device: ${verdict}, ${Math.round((100 * m.total) / f.slice.deviceBytes)}% used`));
    lines.push(row('  HBM source', `${f.slice.spec.source}, read ${f.slice.spec.checked}`));
  }
  lines.push('', `  smallest slices that fit: ${Object.entries(fits).map(([g, t]) => `${g} ${t ?? 'none'}`).join(', ')}`);
  lines.push('  assumes: ' + f.assumptions.join('; '));
  return lines.join('\n');
}

/** The JSON object of `bv info --json`. */
export function factsJson(f: ConfigFacts, fits: Record<string, string | null>): Record<string, unknown> {
  const m = f.memory;
  return {
    model_name: f.modelName,
    role: f.role,
    teachers: f.teachers,
    title: f.arch.title,
    num_classes: f.numClasses,
    image: f.image,
    params: f.params,
    macs: f.macs,
    gflops: f.gflops,
    batch_size: f.batch,
    accelerator: f.slice
      ? { type: f.slice.type, generation: f.slice.spec.generation, chips: f.slice.chips, devices: f.slice.devices, hosts: f.slice.hosts,
          hbm_per_device_bytes: f.slice.deviceBytes, source: f.slice.spec.source, checked: f.slice.spec.checked }
      : null,
    memory_estimate: {
      devices: m.devices, batch_per_device: m.batchPerDevice, sharded: m.sharded, optimizer_state: m.optimizerWhat,
      bytes: { params: m.params, gradients: m.grads, optimizer: m.optimizer, ema: m.ema, teachers: m.teachers, inputs: m.inputs, activations: m.activations, total: m.total },
    },
    fits: f.fits ?? null,
    smallest_fit: fits,
    assumptions: f.assumptions,
  };
}

/** The inlay hint after `model_name`: size and compute. */
export function factsInlay(f: ConfigFacts): string {
  return `→ ${shortCount(f.params)} params, ${gflops(f)} GFLOPs/image at ${f.image.height}x${f.image.width}`;
}

/** The hover section on `model_name` and `model.variant`. */
export function factsHover(f: ConfigFacts, fits: Record<string, string | null>): string {
  const fitting = Object.values(fits).filter((t): t is string => t !== null);
  return [
    `**${f.arch.title}**: ${f.params.toLocaleString('en-US')} parameters, ${gflops(f)} GFLOPs per image at ${f.image.height}x${f.image.width}, from ${f.image.source}`,
    '',
    `Training step, estimated: ${formatBytes(f.memory.total)} on one device for the batch of ${f.batch}, of which activations ${formatBytes(f.memory.activations)}. ` +
      (fitting.length ? `Smallest slices that fit: ${fitting.map((t) => `\`${t}\``).join(', ')}.` : 'No TPU slice fits it without sharding.'),
    '',
    `_Estimate: ${f.assumptions.join('; ')}. \`bv info\` has the breakdown._`,
  ].join('\n');
}
