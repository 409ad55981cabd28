/**
 * The `bv tpu` commands as an API for the editor: accelerator types, runtime versions and nodes of a zone (their
 * `--json` output, parsed), deleting a node, stopping our runs on one, and the command line of a shell on a worker.
 * The editor calls the CLI rather than the provider so that the Cloud TPU client, its credentials and the SSH key
 * pair stay in one place (the bundled CLI, which also runs the TPU runs), and the extension's own bundle stays
 * small. The process inherits the editor's environment: `BV_TPU_API_ENDPOINT` and `BV_TPU_ACCESS_TOKEN` reach it.
 */
import { spawn } from 'node:child_process';
import { bundledCli, type BvCli } from '../runs/engines';
import type { PriceEstimate } from './prices';
import type { TpuNode } from './provider';

/** Where the editor's nodes live and how it reaches their workers. */
export interface TpuSettings {
  project: string;
  zone: string;
  /** The folder of the editor's SSH key pair and pinned host keys (the extension's storage). */
  stateDir: string;
  sshUser?: string;
  sshPort?: number;
}

/** A row of `bv tpu accelerator-types --json`. */
export interface AcceleratorOffer {
  type: string;
  topology?: string;
  chips: number | null;
  hosts: number | null;
  usdPerHour: number | null;
}

/** A row of `bv tpu list --json`. */
export type ListedNode = TpuNode & { price: PriceEstimate | null };

/** The flags that say where (`--project`, `--zone`, `--state-dir`) and, with `ssh`, how to log in. */
export function tpuFlags(s: TpuSettings, ssh: boolean): string[] {
  const flags = ['--project', s.project, '--zone', s.zone, '--state-dir', s.stateDir];
  if (ssh && s.sshUser) flags.push('--ssh-user', s.sshUser);
  if (ssh && s.sshPort !== undefined) flags.push('--ssh-port', String(s.sshPort));
  return flags;
}

/** Parses JSON lines; a line that is not JSON throws naming the command. */
export function parseJsonLines<T>(text: string, command: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`bv ${command} printed a line that is not JSON: ${l.slice(0, 200)}`);
      }
    });
}

export class TpuCli {
  constructor(private readonly cli: BvCli = bundledCli(), private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Runs `bv ARGS`; resolves to its stdout, or rejects with its error lines (`bv tpu list: no project: ...`). */
  run(args: string[]): Promise<string> {
    const child = spawn(this.cli.node, [this.cli.script, ...args], { env: { ...this.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => {
        if (code === 0) resolve(stdout);
        else reject(new Error(stderr.trim() || `bv ${args.slice(0, 2).join(' ')} exited with ${code}`));
      });
    });
  }

  async acceleratorTypes(s: TpuSettings): Promise<AcceleratorOffer[]> {
    return parseJsonLines<AcceleratorOffer>(await this.run(['tpu', 'accelerator-types', '--json', ...tpuFlags(s, false)]), 'tpu accelerator-types');
  }

  /** The zone's runtime versions that fit `type`, best first (empty when none is known to fit). */
  async runtimeVersions(s: TpuSettings, type?: string): Promise<string[]> {
    const args = ['tpu', 'runtime-versions', '--json', ...(type ? ['--accelerator-type', type] : []), ...tpuFlags(s, false)];
    return parseJsonLines<{ version: string }>(await this.run(args), 'tpu runtime-versions').map((v) => v.version);
  }

  async listNodes(s: TpuSettings): Promise<ListedNode[]> {
    return parseJsonLines<ListedNode>(await this.run(['tpu', 'list', '--json', ...tpuFlags(s, false)]), 'tpu list');
  }

  /** Deletes the node and waits until it is gone (the editor asked the user first). */
  async deleteNode(s: TpuSettings, name: string): Promise<void> {
    await this.run(['tpu', 'delete', name, '--yes', ...tpuFlags(s, false)]);
  }

  /** Stops our runs on every worker of the node (each checkpoints first). */
  stopRuns(s: TpuSettings, name: string): Promise<string> {
    return this.run(['tpu', 'stop', name, ...tpuFlags(s, true)]);
  }

  /** The program and arguments of an interactive shell on worker `worker` (for a terminal). */
  shellCommand(s: TpuSettings, name: string, worker = 0): { file: string; args: string[] } {
    return { file: this.cli.node, args: [this.cli.script, 'tpu', 'ssh', name, '--worker', String(worker), ...tpuFlags(s, true)] };
  }
}
