/**
 * The evaluators the bundled trainer implements, registered by `type` against the registry's specs (one explicit
 * list, like tfjs's register_all_kernels.ts).
 */
import { evaluators as evaluatorSpecs, implementations, type Registry } from '../registry';
import { classification } from './classification';
import { distillDistance } from './distillDistance';
import { fewshotLsr } from './fewshotLsr';
import type { EvaluatorImpl } from './types';

/** `evaluator.*`: implementations of the specs marked bundled. */
export const evaluatorImpls: Registry<EvaluatorImpl> = implementations(evaluatorSpecs, { classification, fewshot_lsr: fewshotLsr, 'proj.distill.distance': distillDistance });
