/**
 * The bundled trainer's gate on config keys, from the registry's schema (the one `bv check` and completion read):
 * before anything runs, a config is refused for a key upstream refuses (deprecated keys, `model.num_classes`
 * beside the `num_classes` train.py passes itself), a kwarg the model, optimizer, evaluator or data source does
 * not take (a TypeError upstream), a value of the wrong type or outside its choices for a key the trainer reads,
 * and a key in effect that only upstream's trainer runs (`model_init`, `mixup`, mixtures, ...). Keys train.py
 * only reads with `.get` (a typo at the top level, in `input` or a schedule) are ignored, as upstream does.
 */
import { issueText, keySpec, schemaIssues, unsupportedInEffect, type JsonObject, type KeyPath, type SchemaIssue } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';

/**
 * Levels whose keys become the kwargs of a call (a key the call does not take raises TypeError): the checker only
 * warns where the registry may not list every kwarg (project models, optax), but the bundled implementations take
 * exactly the registry's.
 */
const CALL_LEVELS = new Set(['model', 'model_load', 'optax']);

/** Whether an issue stops a run of the bundled trainer. */
export function stopsRun(issue: SchemaIssue): boolean {
  switch (issue.kind) {
    case 'forbidden':
      return true;
    case 'unknown':
      return issue.level.unknown?.severity === 'error' || CALL_LEVELS.has(issue.level.kind);
    case 'wrong-type':
    case 'wrong-value':
      return issue.spec?.bundled === 'supported';
  }
}

/** What the gate says of a config: the schema's issues, split by whether they stop the run. */
export interface GateVerdict {
  /** Issues that stop the run, in config order. */
  readonly refused: readonly SchemaIssue[];
  /** Issues upstream lets pass (the checker warns of them). */
  readonly ignored: readonly SchemaIssue[];
  /** Keys in effect that only upstream's trainer runs. */
  readonly upstreamOnly: readonly KeyPath[];
}

/** The gate's verdict on an evaluated config, as big_vision.train reads it. */
export function gateVerdict(config: JsonObject): GateVerdict {
  const issues = schemaIssues(config, 'train');
  return { refused: issues.filter(stopsRun), ignored: issues.filter((i) => !stopsRun(i)), upstreamOnly: unsupportedInEffect(config) };
}

/** Throws a ConfigKeyError for the first key that stops the run; returns the issues the run lets pass. */
export function passGate(config: JsonObject): readonly SchemaIssue[] {
  const verdict = gateVerdict(config);
  const [first] = verdict.refused;
  if (first) throw new ConfigKeyError(first.path, issueText(first));
  const [unsupported] = verdict.upstreamOnly;
  if (unsupported) {
    const doc = keySpec(unsupported.join('.'))?.doc;
    throw new ConfigKeyError(unsupported, `${doc ? `(${doc}) ` : ''}is not supported by the bundled trainer; remove it or train with upstream big_vision`);
  }
  return verdict.ignored;
}
