// The bundled trainer's data layer: TFDS prepared datasets (TFRecord +
// tf.train.Example), split slicing, and the input pipeline. Import
// `./tfdsInfo` alone for metadata without loading sharp or protobufjs.

export { crc32c, maskedCrc32c } from './crc32c';
export { readTfRecords, frameTfRecord, TfRecordWriter, CorruptRecordError, type TfRecord, type ReadTfRecordsOptions } from './tfrecord';
export { decodeExample, encodeExample, feature, type Example, type Feature } from './example';
export { exampleToData, featureToTensor } from './exampleData';
export type { HostData, HostDtype, HostTensor, NumericTensor } from './hostTensor';
export { resolveSplit, splitSize, fileInstructions, pyRound, type AbsoluteInstruction, type FileInstruction } from './splits';
export { defaultDataDir, parseDatasetName, locateDataset, loadTfdsInfo, numExamples, shardPath, DatasetNotFoundError, type TfdsInfo, type TfdsSplit } from './tfdsInfo';
export type { TfdsFeature } from './tfdsFeatures';
export { openTfds, type OpenTfdsOptions, type TfdsDataset, type RecordSource, type SourceRecord } from './tfds';
export { inputPipeline, type InputPipeline, type InputPipelineOptions, type PreprocessFn } from './pipeline';
export { decodeImage, encodePng, encodeJpeg, imageSize, type CropBox } from './image';
export { writeTfdsDataset, type WriteTfdsOptions, type SplitToWrite } from './tfdsWriter';
export { prepareMnist, MNIST_VERSION } from './mnist';
export { Rng, hashSeed } from './rng';
