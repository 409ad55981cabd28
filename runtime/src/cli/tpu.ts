/**
 * `bv tpu`: Cloud TPU nodes and runs on them. The subcommands live in tpuNodes.ts (create, list, describe, delete,
 * accelerator-types, runtime-versions), tpuWorkers.ts (ssh, logs, stop) and tpuRun.ts (run); this file declares
 * their flags. Every subcommand takes --project, --zone and --state-dir; those that reach workers also take
 * --ssh-user, --ssh-port and --internal-ip.
 */
import { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Commands from './tpuCommands';
import type { TpuCommonOptions } from './tpuContext';
import type { TpuRunFlags } from './tpuRun';

type Impl = typeof Commands;

/** The implementations: the bundle beside us (dist/…/tpu.js), or the sources when run from them (tests). */
async function impl(): Promise<Impl> {
  const bundled = path.join(__dirname, 'tpu.js');
  const file = fs.existsSync(bundled) ? bundled : path.join(__dirname, 'tpuCommands.ts');
  // A runtime path: the bundler keeps tpu.js a file of its own instead of inlining it.
  return (await import(pathToFileURL(file).href)) as Impl;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The flags every `bv tpu` command takes (the SSH ones too, so one set of flags fits every command). */
function common(c: Command, ssh = true): Command {
  c.option('--project <id>', 'Google Cloud project (default: $GOOGLE_CLOUD_PROJECT, else the credentials\' project)')
    .option('--zone <zone>', 'zone of the node, e.g. us-central2-b (default: $CLOUDSDK_COMPUTE_ZONE)')
    .option('--state-dir <dir>', 'where the SSH key pair and pinned host keys live (default: $XDG_CONFIG_HOME/big-vision-studio/tpu)');
  if (ssh) {
    c.option('--ssh-user <name>', 'user to log in as on the workers (default: the local user name)')
      .option('--ssh-port <port>', 'SSH port of the workers', '22')
      .option('--internal-ip', 'reach the workers by their internal IPs (from inside the VPC)');
  }
  return c;
}

/** Adds `bv tpu ...` to `program`; `report` receives each command's exit code. An error is one line naming the
 * command (provisioning errors carry their advice), not a stack trace. */
export function addTpuCommands(program: Command, overrides: string[], report: (code: number) => void): void {
  const done = (code: number) => report(code);
  const act =
    <A extends unknown[]>(sub: string, fn: (...args: A) => Promise<number>) =>
    async (...args: A) => {
      try {
        done(await fn(...args));
      } catch (err) {
        process.stderr.write(`bv tpu ${sub}: ${(err as Error).message}\n`);
        done(1);
      }
    };
  const tpu = program.command('tpu').description('Cloud TPU: create nodes, run configs on every worker, follow them, clean up');
  common(tpu.command('create').description('create a TPU node and wait until it is READY'), true)
    .argument('<node>', 'node name')
    .requiredOption('--accelerator-type <type>', 'e.g. v4-8, v5litepod-16 (bv tpu accelerator-types)')
    .option('--runtime-version <version>', 'TPU VM image (default: the newest the zone lists for the accelerator generation)')
    .option('--spot', 'spot capacity (cheaper; may be preempted)')
    .option('--queued', 'queue the request as a queued resource, served when capacity frees up')
    .action(act('create', async (node: string, o: TpuCommonOptions & { acceleratorType?: string; runtimeVersion?: string; spot?: boolean; queued?: boolean }) => (await impl()).tpuCreateCommand(node, o)));
  common(tpu.command('list').description('the zone\'s nodes: state, accelerator, hosts, estimated $/hour'))
    .option('--json', 'one JSON object per node and line')
    .action(act('list', async (o: TpuCommonOptions & { json?: boolean }) => (await impl()).tpuListCommand(o)));
  common(tpu.command('describe').description('a node: state, health, symptoms, workers and their addresses'))
    .argument('<node>', 'node name')
    .option('--json', 'the node as JSON')
    .action(act('describe', async (node: string, o: TpuCommonOptions & { json?: boolean }) => (await impl()).tpuDescribeCommand(node, o)));
  common(tpu.command('delete').description('delete a node (asks first on a terminal)'))
    .argument('<node>', 'node name')
    .option('--yes', 'do not ask')
    .action(act('delete', async (node: string, o: TpuCommonOptions & { yes?: boolean }) => (await impl()).tpuDeleteCommand(node, o)));
  common(tpu.command('accelerator-types').description('accelerator types the zone offers, with chips, hosts and estimated $/hour'))
    .option('--json', 'one JSON object per type and line')
    .action(act('accelerator-types', async (o: TpuCommonOptions & { json?: boolean }) => (await impl()).tpuTypesCommand(o)));
  common(tpu.command('runtime-versions').description('runtime versions (TPU VM images) the zone offers'))
    .option('--accelerator-type <type>', 'only those that fit this accelerator type, best first')
    .option('--json', 'one JSON object per version and line')
    .action(act('runtime-versions', async (o: TpuCommonOptions & { json?: boolean; acceleratorType?: string }) => (await impl()).tpuVersionsCommand(o)));
  common(tpu.command('ssh').description('a shell on a worker, or a command on one or every worker'), true)
    .argument('<node>', 'node name')
    .argument('[command...]', 'command to run instead of a shell')
    .option('--worker <n>', 'worker index, or all (with a command)', '0')
    .action(act('ssh', async (node: string, command: string[], o: TpuCommonOptions & { worker?: string }) => (await impl()).tpuSshCommand(node, command, o)));
  common(tpu.command('logs').description("a run's output on a worker"), true)
    .argument('<node>', 'node name')
    .option('--run <run>', 'the run (its workdir\'s folder name; default: the latest)')
    .option('--worker <n>', 'worker index', '0')
    .option('-f, --follow', 'keep printing as it grows')
    .action(act('logs', async (node: string, o: TpuCommonOptions & { worker?: string; run?: string; follow?: boolean }) => (await impl()).tpuLogsCommand(node, o)));
  common(tpu.command('stop').description('stop our runs on every worker of a node (they checkpoint first)'), true)
    .argument('<node>', 'node name')
    .option('--run <run>', 'only this run (its workdir\'s folder name)')
    .action(act('stop', async (node: string, o: TpuCommonOptions & { run?: string }) => (await impl()).tpuStopCommand(node, o)));
  common(tpu.command('run').description('run a config on every worker of a node (created when missing), following it here'), true)
    .argument('<node>', 'node name')
    .requiredOption('--config <file>', 'config file, FILE or FILE:ARG as upstream --config')
    .requiredOption('--workdir <dir>', 'gs://BUCKET/PATH (the trainers write there), or a local folder: the run writes on worker 0 and is mirrored here (metrics, config.json, checkpoints)')
    .option('--record-dir <dir>', 'with a gs:// --workdir: local folder for the run record, log and tailed metrics (default: runs/<last segment of the URL>)')
    .option('--engine <engine>', 'big_vision (upstream JAX, on every worker) or tfjs (bundled trainer, worker 0)', 'big_vision')
    .option('--env <name=value>', 'environment variable for the run on every worker (repeatable), e.g. TFDS_DATA_DIR=gs://b/tfds', collect)
    .option('--accelerator-type <type>', 'accelerator type, to create the node when it does not exist')
    .option('--runtime-version <version>', 'TPU VM image for a new node (default: the newest that fits)')
    .option('--spot', 'create the node on spot capacity')
    .option('--delete-after', 'delete the node when the run ends, also when it fails')
    .option('--checkout <dir>', 'big_vision: your checkout (the folder holding big_vision/), synced to the workers; default: upstream at a pinned commit')
    .option('--trainer <module>', 'big_vision: trainer module (default big_vision.train)')
    .option('--jax <spec>', 'big_vision: pip requirement for JAX on TPU, or none (default jax[tpu]>=0.4.25)')
    .option('--python <path>', 'big_vision: a Python on the workers to use instead of a venv')
    .option('--setup <command>', 'a command run on every training worker after the bootstrap (bv is on its PATH), e.g. "bv data prepare mnist"')
    .option('--backend <name>', 'tfjs: backend (auto, wasm, cpu, ...)')
    .option('--tfds-data-dir <dir>', 'tfjs: local TFDS data dir the config\'s datasets are uploaded from (default $TFDS_DATA_DIR or ~/tensorflow_datasets)')
    .option('--name <name>', 'display name of the run')
    .option('--max-recoveries <n>', 'node recreations after preemption before giving up', '3')
    .option('--stop-previous', 'stop an earlier run of ours that still holds the TPU instead of refusing')
    .option('--watch-ms <ms>', 'how often the node\'s state is checked while the run goes', '30000')
    .option('--concurrency <n>', 'SSH connections opened at once at most', '32')
    .action(act('run', async (node: string, o: TpuRunFlags) => (await impl()).tpuRunCommand(node, o, overrides)));
}
