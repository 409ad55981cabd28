/**
 * Where `bv tpu` keeps its SSH key pair and pinned host keys: `--state-dir`, else
 * `$XDG_CONFIG_HOME/big-vision-studio/tpu` (default `~/.config/big-vision-studio/tpu`). The editor passes its own
 * storage folder, so the key pair lives in the extension's storage.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export function tpuStateDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  const config = env.XDG_CONFIG_HOME?.trim() || path.join(os.homedir(), '.config');
  return path.join(config, 'big-vision-studio', 'tpu');
}
