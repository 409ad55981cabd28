// Bundles the webview UIs for the browser (iife, minified): client/webview/src/metrics/index.ts →
// dist/webview/metrics.js, its CSS imports (uPlot's and ours) → dist/webview/metrics.css. The panel's
// localResourceRoots is that folder and nothing else.
import * as esbuild from 'esbuild';

/** @param {string} outdir */
export async function buildWebview(outdir = 'dist/webview') {
  await esbuild.build({
    entryPoints: { metrics: 'client/webview/src/metrics/index.ts' },
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    minify: true,
    // No source maps: the .vsix ships the whole folder (.vscodeignore), and the sources are in the repository.
    sourcemap: false,
    logLevel: 'warning',
  });
}
