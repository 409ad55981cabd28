// The panel's page: one document with the UI inlined under a strict CSP (script and style by nonce only), and a UI
// bundle that builds for the browser and can be inlined.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeNonce, panelHtml } from './html';

const parts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  script: 'const end = "</script>"; main();',
  style: '.chart::after { content: "</STYLE>" }',
  title: 'Metrics: <run>',
};

describe('metrics panel: page and bundle', () => {
  it('allows nothing by default, the inlined script and stylesheet by their nonce only', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(makeNonce(), nonce);
    const html = panelHtml({ ...parts, nonce });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1].replace(/&#39;/g, "'") ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], [`'nonce-${nonce}'`]);
    assert.deepEqual(directives['style-src'], [`'nonce-${nonce}'`]);
    assert.deepEqual(directives['font-src'], [parts.cspSource]);
    assert.ok(!csp.includes('unsafe'), csp);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.equal(scripts.length, 1, 'one script element, not ended early by the code it holds');
    assert.equal(scripts[0][1], ` nonce="${nonce}"`);
    assert.equal(scripts[0][2], 'const end = "<\\/script>"; main();');
    const styles = [...html.matchAll(/<style\b([^>]*)>([\s\S]*?)<\/style>/gi)];
    assert.equal(styles.length, 1);
    assert.equal(styles[0][1], ` nonce="${nonce}"`);
    assert.equal(styles[0][2], '.chart::after { content: "<\\/STYLE>" }');
    assert.ok(!/\ssrc=|\shref=|\sstyle=/.test(html), 'nothing to fetch, no inline style attributes');
    assert.ok(html.includes('<title>Metrics: &#60;run&#62;</title>'), 'the title is escaped');
  });

  it('builds the UI bundle and its stylesheet for the browser', async function () {
    this.timeout(60000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-webview-'));
    const build = (await import(pathToFileURL(path.resolve(__dirname, '../../../scripts/buildWebview.mjs')).href)) as { buildWebview(out: string): Promise<void> };
    await build.buildWebview(out);
    const js = fs.readFileSync(path.join(out, 'metrics.js'), 'utf8');
    const css = fs.readFileSync(path.join(out, 'metrics.css'), 'utf8');
    assert.ok(js.startsWith('"use strict";(()=>{') || js.startsWith('(()=>{'), 'an iife');
    assert.ok(!/\brequire\(|\bimport\s*\(/.test(js), 'nothing left to load at run time');
    assert.ok(js.includes('acquireVsCodeApi'));
    // Inlined in a <script>: an HTML comment opener would change how the page's parser reads the rest.
    assert.ok(!js.includes('<!--'), 'no <!-- in the bundle');
    assert.ok(css.includes('.uplot') && css.includes('--vscode-editor-background'), "uPlot's CSS and ours");
  });
});
