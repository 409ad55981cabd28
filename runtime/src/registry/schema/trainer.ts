/**
 * Which trainer a config is written for. `big_vision.train` reads the schema the registry describes; project
 * trainers (`big_vision.trainers.proj.*`, `tools.eval_only`) read other top-level keys (schema.md §6), so the
 * checks that need train.py's key set (unknown or missing top-level keys, `loss`) only run for `train`.
 */
import type { JsonValue } from '../../config/protocol';
import { durationFamilyOf } from '../configKeys';
import { isDistillConfig } from '../distill';
import { models } from '../namespaces';
import { keySpec } from './keySpec';

export interface TrainerProfile {
  /** `other`: not a big_vision config at all (an ml_collections config of another program). */
  kind: 'train' | 'proj' | 'other';
  /** The trainer module when the config names it, e.g. `trainers.proj.paligemma.train`. */
  module?: string;
  /** Why this trainer was picked (for messages). */
  reason: string;
}

/** Who reads a config: big_vision.train, a project trainer, or some other program. */
export type TrainerKind = TrainerProfile['kind'];

/** The distillation trainer, which the bundled trainer runs. */
export const DISTILL_TRAINER = 'trainers.proj.distill.distill';

/** Top-level keys only project trainers read (distill, flexi, gsam, uvim, givt, jetformer). */
const PROJECT_KEYS = ['student_name', 'teachers', 'flexi', 'gsam', 'oracle', 'vae', 'patch_pca', 'task', 'adaptor_name', 'distance'];

export function detectTrainer(config: { [key: string]: JsonValue } | undefined, source: string): TrainerProfile {
  const proj = /\bbig_vision\.(trainers\.proj\.[\w.]+|tools\.eval_only)/.exec(source);
  const train = /(?:-m\s+big_vision\.train\b|\bbv\s+train\b)/.exec(source);
  const named = proj && (!train || proj.index < train.index);
  // A student and teachers: the distillation trainer's keys (bv train runs them too), unless the file names another
  // project trainer (flexi's distill reads them as well).
  if (config && isDistillConfig(config) && !(named && proj[1] !== DISTILL_TRAINER)) {
    return { kind: 'proj', module: DISTILL_TRAINER, reason: "the config has 'teachers' and 'student_name'" };
  }
  if (proj && named) {
    return { kind: 'proj', module: proj[1], reason: `the file names big_vision.${proj[1]}` };
  }
  if (train) return { kind: 'train', module: 'train', reason: 'the file names big_vision.train' };
  const modelName = config?.model_name;
  if (typeof modelName === 'string' && modelName.startsWith('proj.')) return { kind: 'proj', reason: `model_name '${modelName}' is a project model` };
  if (typeof modelName === 'string' && models.get(modelName)) return { kind: 'train', reason: `model_name '${modelName}' is a core model` };
  // An unknown model_name (a typo such as 'vitt') says nothing about the trainer: the unknown-model error names
  // it, and the other signals decide, so that every other check still runs.
  const key = config && PROJECT_KEYS.find((k) => k in config);
  if (key) return { kind: 'proj', reason: `the config has '${key}', which only a project trainer reads` };
  // Several keys and none big_vision reads: some other program's ml_collections config, not ours to judge.
  const keys = Object.keys(config ?? {});
  if (keys.length >= 3 && !keys.some((k) => keySpec(k) || durationFamilyOf(k))) {
    return { kind: 'other', reason: 'none of its keys is one big_vision reads' };
  }
  return { kind: 'train', reason: 'default' };
}
