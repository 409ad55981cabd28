/**
 * HBM per accelerator, for "does this batch fit": per chip as Google's Cloud TPU pages state it, with the JAX
 * devices a chip shows (v2 and v3 show each TensorCore as a device holding half the chip's HBM; v4 and v5p join
 * their two TensorCores into one megacore device; v5e and v6e have one TensorCore), chips per host, and where and
 * when each figure was read. Slice sizes follow the accelerator type names (`acceleratorInfo`): v2, v3, v4 and v5p
 * count TensorCores, v5e (`v5litepod-N`) and v6e count chips.
 */
import { acceleratorInfo } from '../launch/acceleratorTypes';

export interface AcceleratorSpec {
  readonly generation: string;
  /** HBM per chip in GiB (Google writes GB for v5e, v5p and v6e; the capacities are binary sizes). */
  readonly hbmPerChipGiB: number;
  /** JAX devices per chip: the batch is split over devices, each holds hbmPerChipGiB / devicesPerChip. */
  readonly devicesPerChip: number;
  readonly chipsPerHost: number;
  /** The smallest single-host slice, used when only a generation is named. */
  readonly defaultType: string;
  readonly source: string;
  /** When the figure was read from the source. */
  readonly checked: string;
}

const CHECKED = '2026-12-03';

export const ACCELERATORS: readonly AcceleratorSpec[] = [
  { generation: 'v2', hbmPerChipGiB: 16, devicesPerChip: 2, chipsPerHost: 4, defaultType: 'v2-8', checked: CHECKED,
    source: 'https://cloud.google.com/tpu/docs/v2 (2 TensorCores per chip; 8 GiB HBM per TensorCore as in Jouppi et al., CACM 2020, which that page cites)' },
  { generation: 'v3', hbmPerChipGiB: 32, devicesPerChip: 2, chipsPerHost: 4, defaultType: 'v3-8', checked: CHECKED,
    source: 'https://cloud.google.com/tpu/docs/v3 ("HBM2 capacity and bandwidth: 32 GiB", two TensorCores per chip)' },
  { generation: 'v4', hbmPerChipGiB: 32, devicesPerChip: 1, chipsPerHost: 4, defaultType: 'v4-8', checked: CHECKED,
    source: 'https://cloud.google.com/tpu/docs/v4 ("HBM2 capacity and bandwidth: 32 GiB")' },
  { generation: 'v5e', hbmPerChipGiB: 16, devicesPerChip: 1, chipsPerHost: 8, defaultType: 'v5litepod-8', checked: CHECKED,
    source: 'https://cloud.google.com/tpu/docs/v5e ("HBM capacity per chip: 16 GB", "Chips per host: 8")' },
  { generation: 'v5p', hbmPerChipGiB: 95, devicesPerChip: 1, chipsPerHost: 4, defaultType: 'v5p-8', checked: CHECKED,
    source: 'https://cloud.google.com/tpu/docs/v5p ("HBM2e capacity and bandwidth: 95 GB"; 2x2x1 = 4 chips, 1 host)' },
  { generation: 'v6e', hbmPerChipGiB: 32, devicesPerChip: 1, chipsPerHost: 8, defaultType: 'v6e-8', checked: CHECKED,
    source: 'https://cloud.google.com/tpu/docs/v6e ("HBM capacity per chip: 32 GB", "Chips per host: 8")' },
];

/** A slice the batch is split over. */
export interface Slice {
  readonly type: string;
  readonly spec: AcceleratorSpec;
  readonly chips: number;
  readonly devices: number;
  readonly hosts: number;
  /** HBM of one device in bytes. */
  readonly deviceBytes: number;
}

const GiB = 1024 ** 3;

/** `v4`, `v4-32`, `v5e`, `v5litepod-16`, `v6e-8`... → the slice; throws naming the known generations. */
export function parseAccelerator(name: string): Slice {
  const text = name.trim();
  const generation = ACCELERATORS.find((a) => a.generation === text || (text === 'v5litepod' && a.generation === 'v5e'));
  const type = generation ? generation.defaultType : text;
  const info = acceleratorInfo(type);
  const spec = info && ACCELERATORS.find((a) => a.generation === info.generation);
  if (!info || !spec || !Number.isInteger(info.chips) || info.chips < 1) {
    throw new Error(`unknown accelerator '${name}': use a generation (${ACCELERATORS.map((a) => a.generation).join(', ')}) or a type such as v4-8, v5litepod-16, v5p-32`);
  }
  return {
    type,
    spec,
    chips: info.chips,
    devices: info.chips * spec.devicesPerChip,
    hosts: info.hosts,
    deviceBytes: (spec.hbmPerChipGiB / spec.devicesPerChip) * GiB,
  };
}
