/**
 * The metrics panel's HTML: one self-contained document. The built UI bundle and its stylesheet are inlined,
 * each allowed by the page's nonce, so the page needs no request before it can run: a webview fetches each of
 * its resources through VS Code's resource loader, and those round trips came before the first chart. The
 * Content Security Policy allows nothing by default: scripts and styles only by the nonce (no 'unsafe-inline'),
 * fonts and images only from the webview's own resource root (which `localResourceRoots` limits to the built UI
 * folder).
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlParts {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  cspSource: string;
  /** The UI bundle (dist/webview/metrics.js). */
  script: string;
  /** Its stylesheet (dist/webview/metrics.css). */
  style: string;
  nonce: string;
  title: string;
}

/** A fresh nonce for one page load (128 random bits). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Text for an element or a double-quoted attribute. */
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Code for a raw-text element (`<script>`, `<style>`): only `</script` or `</style` could end it early, and
 * `<\/` means the same inside the strings, regular expressions and comments where a bundle can hold it.
 */
const rawText = (s: string, tag: 'script' | 'style') => s.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

export function panelHtml(p: PanelHtmlParts): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${p.nonce}'`,
    `style-src 'nonce-${p.nonce}'`,
    `font-src ${p.cspSource}`,
    `img-src ${p.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${escapeHtml(p.nonce)}">${rawText(p.style, 'style')}</style>
<title>${escapeHtml(p.title)}</title>
</head>
<body>
<div id="root" data-phase="starting"></div>
<script nonce="${escapeHtml(p.nonce)}">${rawText(p.script, 'script')}</script>
</body>
</html>
`;
}
