/**
 * The UI's side of the webview channel: posts `FromWebview` messages to the host, receives `ToWebview` ones,
 * and keeps the UI's state across reloads with VS Code's `getState`/`setState` (the panel serializer gets the
 * same object back after a window reload).
 */
import type { FromWebview, PersistedState, ToWebview } from '../../src/webview/contract';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// VS Code allows one call per page load.
const vscode = acquireVsCodeApi();

export function post(msg: FromWebview): void {
  vscode.postMessage(msg);
}

export function onMessage(handler: (msg: ToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => handler(event.data));
}

/** What this panel saved before (undefined in a new panel); fields are checked by the caller. */
export function loadState(): Partial<PersistedState> | undefined {
  const state = vscode.getState();
  return typeof state === 'object' && state !== null ? (state as Partial<PersistedState>) : undefined;
}

export function saveState(state: PersistedState): void {
  vscode.setState(state);
}
