/**
 * The `bv tpu` subcommands' implementations in one module, which the bundles build into a file of their own
 * (dist/runtime/tpu.js, dist/trainer/tpu.js): the Cloud TPU client and SSH are loaded only when a `bv tpu` command
 * runs, so `bv train` and the other commands start as fast as before.
 */
export { tpuCreateCommand, tpuDeleteCommand, tpuDescribeCommand, tpuListCommand, tpuTypesCommand, tpuVersionsCommand } from './tpuNodes';
export { tpuRunCommand } from './tpuRun';
export { tpuLogsCommand, tpuSshCommand, tpuStopCommand } from './tpuWorkers';
