// Picks the TensorFlow.js backend the trainer runs on: libtensorflow with CUDA
// (`@tensorflow/tfjs-node-gpu`), libtensorflow on the CPU
// (`@tensorflow/tfjs-node`), WebAssembly with XNNPACK
// (`@tensorflow/tfjs-backend-wasm`) or the pure-JS `cpu` backend. The native
// packages are optionalDependencies whose install downloads libtensorflow, so
// on many machines they are simply absent: they are `require`d in a try and
// never break the other choices. tfjs falls back to another backend silently
// when one fails to start, so the active backend is asserted after the switch.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { nativeGemm } from './nativeGemm';
import { installWasmKernels } from './wasmKernels';

/** What `--backend` accepts. */
export const BACKEND_CHOICES = ['auto', 'wasm', 'cpu', 'tensorflow', 'cuda'] as const;
export type BackendRequest = (typeof BACKEND_CHOICES)[number];

/** The backend in use, for the log line and the metrics. */
export interface ActiveBackend {
  /** tfjs's backend name (`tensorflow` for both native packages). */
  readonly name: 'tensorflow' | 'wasm' | 'cpu';
  /** What was asked for (`auto` resolved to `name`). */
  readonly request: BackendRequest;
  /** One line for the log, e.g. `wasm (SIMD, 1 thread)`. */
  readonly description: string;
}

// Resolved from this file so that the bundle (dist/runtime/cli.js, where
// @tensorflow/* stays external) finds the packages in the nearest node_modules.
const nodeRequire = createRequire(__filename);

/** The three binaries tfjs-backend-wasm chooses from (copy them beside a bundle that inlines tfjs). */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

/** The folder holding the wasm binaries: the package's dist, else beside this file (a bundle). */
export function wasmDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(path.join(path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    // Not resolvable (e.g. a bundle shipped without node_modules): try beside the bundle.
  }
  candidates.push(__dirname);
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'tfjs-backend-wasm-simd.wasm')));
  if (!found) {
    throw new Error(`The tfjs wasm binaries (${WASM_FILES.join(', ')}) were not found in ${candidates.join(' or ')}; reinstall with \`npm ci\`.`);
  }
  return found + path.sep;
}

/** Loads a native tfjs-node package; returns why it is unavailable instead of throwing. */
function loadNative(pkg: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu'): string | undefined {
  try {
    nodeRequire(pkg);
    return undefined;
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return msg;
  }
}

/** Switches to `name` and checks that tfjs really did (it falls back silently otherwise). */
async function activate(name: 'tensorflow' | 'wasm' | 'cpu'): Promise<boolean> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch {
    ok = false;
  }
  if (ok) await tf.ready();
  return ok && tf.getBackend() === name;
}

async function tryWasm(): Promise<string | undefined> {
  try {
    setWasmPaths(wasmDir());
  } catch (err) {
    return (err as Error).message;
  }
  if (!(await activate('wasm'))) return 'the WebAssembly module failed to start';
  installWasmKernels();
  return undefined;
}

async function describe(name: ActiveBackend['name'], pkg?: string): Promise<string> {
  if (name === 'wasm') {
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
    const threads = getThreadsCount();
    const mlas = nativeGemm().gemm ? ', large matMuls on onnxruntime-node MLAS' : '';
    return `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}${mlas})`;
  }
  if (name === 'cpu') return 'cpu (pure JavaScript, slow: for tests and tiny models)';
  if (pkg !== '@tensorflow/tfjs-node-gpu') return 'tensorflow (libtensorflow on the CPU, @tensorflow/tfjs-node)';
  // The GPU build runs on the CPU when it finds no device; say so rather than claim CUDA.
  const gpu = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
  return gpu === false ? 'tensorflow (@tensorflow/tfjs-node-gpu, but no CUDA device found: running on the CPU)' : 'tensorflow (libtensorflow with CUDA, @tensorflow/tfjs-node-gpu)';
}

const HOW_TO = [
  'tensorflow: `npm install @tensorflow/tfjs-node` (downloads libtensorflow; Linux/macOS/Windows x86_64)',
  'cuda: `npm install @tensorflow/tfjs-node-gpu` (needs CUDA 11.2 and cuDNN 8.1 on Linux/Windows x86_64)',
  'wasm, cpu: bundled',
];

/**
 * Activates the backend for `request` and returns a description to log.
 * `auto` tries CUDA, native CPU, wasm, then cpu; an explicit request that
 * cannot start throws, listing what is available and how to get the rest.
 */
export async function selectBackend(request: BackendRequest | string = 'auto'): Promise<ActiveBackend> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(request)) {
    throw new Error(`Unknown --backend '${request}'; choose one of ${BACKEND_CHOICES.join(', ')}.`);
  }
  const req = request as BackendRequest;
  // tfjs's own console banners (the cpu backend's "install our node backend") would interleave with the run's
  // log; the backend in use, and why the faster ones are not, is logged by the caller from what this returns.
  tf.env().set('PROD', true);
  const why: Record<string, string> = {};
  const attempt = async (choice: Exclude<BackendRequest, 'auto'>): Promise<ActiveBackend | undefined> => {
    let failure: string | undefined;
    let pkg: string | undefined;
    if (choice === 'cuda' || choice === 'tensorflow') {
      pkg = choice === 'cuda' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
      failure = loadNative(pkg as '@tensorflow/tfjs-node');
      if (!failure && !(await activate('tensorflow'))) failure = `${pkg} loaded but its backend did not start`;
    } else if (choice === 'wasm') {
      failure = await tryWasm();
    } else {
      failure = (await activate('cpu')) ? undefined : 'the cpu backend did not start';
    }
    if (failure) {
      why[choice] = failure;
      return undefined;
    }
    const name = choice === 'cuda' ? 'tensorflow' : choice;
    return { name, request: req, description: await describe(name, pkg) };
  };
  const order: Exclude<BackendRequest, 'auto'>[] = req === 'auto' ? ['cuda', 'tensorflow', 'wasm', 'cpu'] : [req];
  for (const choice of order) {
    const active = await attempt(choice);
    if (active) return active;
  }
  const available = await availableBackends();
  throw new Error(
    `Backend '${req}' is not available: ${Object.entries(why).map(([k, v]) => `${k}: ${v}`).join('; ')}.\n` +
      `Available here: ${available.join(', ') || 'none'}. To get the others:\n  ${HOW_TO.join('\n  ')}`,
  );
}

/** Which choices could start on this machine (native ones only if their package loads). */
export async function availableBackends(): Promise<string[]> {
  const out: string[] = [];
  if (!loadNative('@tensorflow/tfjs-node-gpu')) out.push('cuda');
  if (!loadNative('@tensorflow/tfjs-node')) out.push('tensorflow');
  try {
    wasmDir();
    out.push('wasm');
  } catch {
    // wasm binaries missing: not available.
  }
  out.push('cpu');
  return out;
}
