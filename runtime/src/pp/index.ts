// The bundled trainer's preprocessing: pp strings → per-example functions over
// host tensors, with the registry's grammar and specs and the op bodies in ops/.

export { buildPreprocess, PpBuildError, type BuildPreprocessOptions } from './builder';
export { ppImpls } from './registerAll';
export { resizeHwc, RESIZE_METHOD_NAMES, type ResizeMethod } from './resize';
export type { PpFn, PpOpImpl, PpParams, TensorFn } from './types';
