// The panel's page: a strict CSP whose only script runs by nonce, and a UI bundle that builds for the browser.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeNonce, panelHtml } from './html';

const parts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/metrics.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/metrics.css',
  title: 'Metrics: <run>',
};

describe('metrics panel: page and bundle', () => {
  it('allows nothing by default, the one script by its nonce, styles from the webview root only', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(makeNonce(), nonce);
    const html = panelHtml({ ...parts, nonce });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1].replace(/&#39;/g, "'") ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], [`'nonce-${nonce}'`]);
    assert.deepEqual(directives['style-src'], [parts.cspSource]);
    assert.ok(!csp.includes('unsafe'), csp);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.ok(attrs.includes(`nonce="${nonce}"`), `script without the nonce: ${attrs}`);
      assert.equal(body.trim(), '', 'no inline script');
    }
    assert.ok(!/\sstyle=|<style/.test(html), 'no inline styles');
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
    assert.ok(css.includes('.uplot') && css.includes('--vscode-editor-background'), "uPlot's CSS and ours");
  });
});
