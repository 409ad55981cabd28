/**
 * Chart colours from the VS Code theme (its CSS variables on the webview's body). Canvas drawing cannot use
 * CSS variables, so their values are read here, and read again when VS Code switches theme (it changes the
 * body's class): `onThemeChange` listeners then redraw.
 */
export interface Theme {
  foreground: string;
  muted: string;
  grid: string;
  font: string;
}

function read(): Theme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const family = v('--vscode-font-family', 'sans-serif');
  return {
    foreground: v('--vscode-editor-foreground', '#888888'),
    muted: v('--vscode-descriptionForeground', '#888888'),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.25)')),
    font: `11px ${family}`,
  };
}

let current: Theme | undefined;
const listeners: (() => void)[] = [];

/** The theme's chart colours now. */
export function theme(): Theme {
  current ??= read();
  return current;
}

/** Calls `listener` after each theme switch. */
export function onThemeChange(listener: () => void): void {
  if (!listeners.length) {
    new MutationObserver(() => {
      current = read();
      for (const l of listeners) l();
    }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  }
  listeners.push(listener);
}
