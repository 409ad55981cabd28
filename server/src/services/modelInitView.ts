/**
 * The hover of a `config.model_init` string: the file the config's model's `load()` reads (a vanity name's public
 * address), and where the bundled trainer looks for it, since it downloads nothing.
 */
import type { JsonValue } from '../../../runtime/src/config';
import { checkpointFileOf, isObject } from './registryView';

/** Markdown for `config.model_init = value` in `config` (the evaluated config, for model_name and model). */
export function modelInitHover(value: string, config: JsonValue | undefined): string {
  const dict = isObject(config) ? config : {};
  const modelName = typeof dict.model_name === 'string' ? dict.model_name : 'vit';
  const file = checkpointFileOf(modelName, value, isObject(dict.model) ? dict.model : {});
  if (file === value) return `**model_init**: the checkpoint \`${value}\` (an .npz, optionally \`:sub/key\`, or a checkpoint.bv folder) that \`${modelName}.load()\` reads.`;
  const [remote] = file.split(/:(?=[\w/]+$)/);
  return `**model_init** \`${value}\`: \`${modelName}.load()\` reads \`${file}\`.\n\n` +
    'The bundled trainer reads it from the checkpoint folder (`bigVision.checkpointDir`, `bv train --checkpoint-dir`, ' +
    `\`$BV_CHECKPOINT_DIR\`) by bucket path or file name, and downloads nothing. To fetch it: \`gsutil cp ${remote} DIR/\``;
}
