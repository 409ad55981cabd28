/**
 * The command a config file says runs it: its `# COMMAND: ...` comment, one line (the editor shows it as a
 * hint), read as argv. `bv train` runs on the bundled trainer, `python -m big_vision.train` (or a project
 * trainer, `python -m big_vision.trainers.proj...`) on upstream big_vision; both take `--config FILE[:ARG]`,
 * `--workdir DIR` and `--config.x=v` overrides.
 */
import { splitConfigFlags } from './configFlags';

export interface ConfigCommand {
  /** 1-based line of the comment. */
  line: number;
  /** The command as written after `# COMMAND:`. */
  text: string;
  engine: 'bundled' | 'upstream';
  /** `FILE[:ARG]` as passed to --config. */
  config: string;
  /** `--config.x=v` overrides, without `--config.`. */
  overrides: string[];
  workdir?: string;
}

const MARKER = /^#\s*COMMAND:(.*)$/;

/** The value of `--name v` or `--name=v` in `argv`. */
function flag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

/** Every `# COMMAND:` line of `source`; throws naming the line when one is not a training command. */
export function configCommands(source: string): ConfigCommand[] {
  const out: ConfigCommand[] = [];
  source.split('\n').forEach((raw, i) => {
    const m = MARKER.exec(raw.trim());
    if (!m) return;
    const text = m[1].trim();
    const where = `line ${i + 1} ('# COMMAND: ${text}')`;
    const words = text.split(/\s+/).filter(Boolean);
    const start = words[0] === 'npx' ? 1 : 0;
    let engine: ConfigCommand['engine'];
    let rest: string[];
    if (words[start] === 'bv' && words[start + 1] === 'train') {
      engine = 'bundled';
      rest = words.slice(start + 2);
    } else if (/^python3?$/.test(words[0] ?? '') && words[1] === '-m' && /^big_vision\.(train|trainers\.proj\.[\w.]+)$/.test(words[2] ?? '')) {
      engine = 'upstream';
      rest = words.slice(3);
    } else {
      throw new Error(`${where}: not a training command; write 'bv train --config FILE --workdir DIR' or 'python -m big_vision.train --config FILE --workdir DIR' on that one line`);
    }
    const { rest: argv, overrides } = splitConfigFlags(rest);
    const config = flag(argv, 'config');
    if (!config) throw new Error(`${where}: no --config FILE[:ARG]`);
    const workdir = flag(argv, 'workdir');
    out.push({ line: i + 1, text, engine, config, overrides, ...(workdir ? { workdir } : {}) });
  });
  return out;
}
