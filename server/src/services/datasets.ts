/**
 * The TFDS datasets on this machine (`bigVision.tfdsDataDir`), for completion and hover: the names found in the
 * data dir (`<dir>/<name>[/<config>]/<version>/dataset_info.json`, listed at most every few seconds) and, through
 * the checker's reader (the data layer's TFDS code), each split's example count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { datasetInfo, splitExamples, type DatasetInfo } from '../../../runtime/src/check';

export type { DatasetInfo };

const VERSION = /^\d+\.\d+\.\d+$/;
const TTL_MS = 5000;

function dirs(p: string): string[] {
  try {
    return fs.readdirSync(p, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}

function hasVersion(p: string): boolean {
  return dirs(p).some((d) => VERSION.test(d) && fs.existsSync(path.join(p, d, 'dataset_info.json')));
}

export class DatasetCatalog {
  private cache?: { at: number; names: string[] };

  constructor(private dataDir: string) {}

  configure(dataDir: string): void {
    if (dataDir !== this.dataDir) {
      this.dataDir = dataDir;
      this.cache = undefined;
    }
  }

  get dir(): string {
    return this.dataDir;
  }

  /** Dataset names (`mnist`, `coco/2017_panoptic`) found in the data dir, sorted. */
  names(): string[] {
    const now = Date.now();
    if (this.cache && now - this.cache.at < TTL_MS) return this.cache.names;
    const names: string[] = [];
    for (const d of dirs(this.dataDir)) {
      const p = path.join(this.dataDir, d);
      if (hasVersion(p)) names.push(d);
      for (const c of dirs(p)) if (!VERSION.test(c) && hasVersion(path.join(p, c))) names.push(`${d}/${c}`);
    }
    names.sort();
    this.cache = { at: now, names };
    return names;
  }

  /** The dataset_info of a dataset as a config names it (`cars196:2.1.0` picks that version). */
  info(name: string): DatasetInfo | undefined {
    try {
      return datasetInfo(name, this.dataDir);
    } catch {
      return undefined;
    }
  }

  /** Examples in `split` of dataset `name`, when both are known. */
  splitSize(name: string, split: string): number | undefined {
    const info = this.info(name);
    return info ? splitExamples(info, split) : undefined;
  }
}
