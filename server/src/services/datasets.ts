/**
 * The TFDS datasets on this machine (`bigVision.tfdsDataDir`), for completion and hover: the names found in the
 * data dir (`<dir>/<name>[/<config>]/<version>/dataset_info.json`, listed again when it changes) and, through
 * the checker's reader (the data layer's TFDS code), each split's example count.
 */
import { datasetInfo, preparedDatasetNames, splitExamples, type DatasetInfo } from '../../../runtime/src/check';

export type { DatasetInfo };

export class DatasetCatalog {
  constructor(private dataDir: string) {}

  configure(dataDir: string): void {
    this.dataDir = dataDir;
  }

  get dir(): string {
    return this.dataDir;
  }

  /** Dataset names (`mnist`, `coco/2017_panoptic`) found in the data dir, sorted. */
  names(): string[] {
    return preparedDatasetNames(this.dataDir);
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
