/**
 * The language server's custom LSP messages, shared with the VS Code client (which imports this file) and the
 * tests. Every method is named `bigVision/<name>` and listed once in `BigVisionMethod`.
 */

/** Custom LSP methods. */
export enum BigVisionMethod {
  /** Server → client notification: the server's health for the status-bar item. */
  status = 'bigVision/status',
  /** Client → server request: timings of the last analysis of a document (benchmarks, "show server log"). */
  analysisStats = 'bigVision/analysisStats',
  /** Client → server request: the problems that would stop a run of a config with an arg and overrides
   * (what `bv check FILE:ARG --config.x=v` reports), before the editor starts it. */
  checkRun = 'bigVision/checkRun',
}

/** Params of `bigVision/checkRun`. */
export interface CheckRunParams {
  uri: string;
  /** The text after `FILE:`; none calls `get_config()`. */
  arg?: string;
  /** `--config.` overrides without the prefix. */
  overrides: string[];
}

/** One problem of `bigVision/checkRun`, located in its file (1-based line, 0-based column). */
export interface RunProblem {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

/** Result of `bigVision/checkRun`: the config did not evaluate (`error`), or its problems. */
export interface CheckRunResult {
  error?: RunProblem;
  problems: RunProblem[];
}

/** How the server is doing, as one word the status item can map to an icon. */
export type ServerHealth = 'starting' | 'ok' | 'busy' | 'warning' | 'error';

/** Params of `bigVision/status`. */
export interface StatusParams {
  health: ServerHealth;
  /** One line for the status item's text or tooltip. */
  message: string;
  /** The document the message is about, if any. */
  uri?: string;
  /** Problems found in that document, by severity. */
  counts?: { error: number; warning: number; information: number; hint: number };
}

/** Params of `bigVision/analysisStats`. */
export interface AnalysisStatsParams {
  uri: string;
}

/** Where the time of one analysis went (all in ms). `null` when the document was never analysed. */
export interface AnalysisStats {
  /** Document version the analysis ran on. */
  version: number;
  /** Debounce applied before the analysis started. */
  debounceMs: number;
  /** Wall time of the engine call, queueing included. */
  evaluateMs: number;
  /** Time Python took, as the engine reports it. */
  pythonMs: number | null;
  /** Time of the checks (checkConfig) and the conversion to diagnostics. */
  checkMs: number;
  /** From the start of the analysis (after the debounce) to the diagnostics being sent. */
  computeMs: number;
  /** Whether the evaluation succeeded. */
  ok: boolean;
  /** Problems sent. */
  problems: number;
}

/** Commands the server's code lenses invoke (the VS Code client registers them). */
export enum BigVisionCommand {
  /** Train the config locally (lens above `def get_config`). Arguments: `[ConfigCommandArgs]`. */
  runConfig = 'bigVision.runConfig',
  /** Train the config on a Cloud TPU. Arguments: `[ConfigCommandArgs]`. */
  runOnTpu = 'bigVision.runOnTpu',
  /** Check the config as `bv check` does. Arguments: `[ConfigCommandArgs]`. */
  checkConfig = 'bigVision.checkConfig',
  /** Run every run of the config's sweep (lens above the sweep function). Arguments: `[RunSweepArgs]`. */
  runSweep = 'bigVision.runSweep',
}

/** The argument of `runConfig`, `runOnTpu` and `checkConfig`. */
export interface ConfigCommandArgs {
  uri: string;
}

/** The argument of `runSweep`. */
export interface RunSweepArgs {
  uri: string;
  /** The sweep function that runs (`sweep_best` for `sweep = sweep_best`, or `get_hyper`). */
  function: string;
  /** How many runs it lists for the document's text when the lens was made. */
  runs: number;
}
