/**
 * Model facts' public entry point, for the language server and the command line: closed-form parameter counts,
 * GFLOPs and training-step memory estimates of a config, the accelerator table, and how they are shown.
 */
export { configFacts, architectureFacts, FACTS_MODELS, type ConfigFacts } from './modelFacts';
export { ACCELERATORS, parseAccelerator, type AcceleratorSpec, type Slice } from './accelerators';
export { smallestFits } from './fit';
export { factsHover, factsInlay, factsJson, factsTable, formatBytes, shortCount } from './format';
export type { ArchitectureFacts, ImageSize, ParamTensor } from './types';
