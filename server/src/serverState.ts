/**
 * What the handlers share: the settings in force, the document store (made at `initialize`), the client's
 * capabilities and the config engine, made on first use and remade when a setting that shapes it changes.
 */
import { ConfigEngine } from '../../runtime/src/config';
import type { DocumentStore } from './documents';
import { defaultSettings, type BigVisionSettings } from './settings';

export class ServerState {
  settings: BigVisionSettings = defaultSettings();
  documents?: DocumentStore;
  /** The client answers `workspace/configuration` (settings are pulled, not pushed). */
  pullConfiguration = false;
  /** The client can be asked to fetch inlay hints again. */
  refreshInlayHints = false;
  engineReady = false;
  private engine?: ConfigEngine;

  /** The document store; the client must not send documents before `initialize` has finished. */
  store(): DocumentStore {
    if (!this.documents) throw new Error('the client sent a document before `initialize` finished');
    return this.documents;
  }

  getEngine(): ConfigEngine {
    this.engine ??= new ConfigEngine({ timeoutMs: this.settings.evaluationTimeoutMs, checkout: this.settings.checkout || undefined });
    return this.engine;
  }

  /** Stops the engine (a new one starts on next use, with the settings then in force). */
  async disposeEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    await engine?.dispose();
  }

  hasEngine(): boolean {
    return this.engine !== undefined;
  }
}
