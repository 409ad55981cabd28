/**
 * Settings: read from `initializationOptions`, then pulled with `workspace/configuration` when the client
 * supports it (re-pulled on each `didChangeConfiguration`), else taken from the pushed notification. A change is
 * applied once, logged, and handed on (the engine is remade when the checkout changes).
 */
import { DidChangeConfigurationNotification, type Connection } from 'vscode-languageserver';
import type { ServerState } from '../serverState';
import { checkoutSetting, dataDirFacts } from '../serverLog';
import { parseSettings, SETTINGS_SECTION, type BigVisionSettings } from '../settings';

export class SettingsHandler {
  /**
   * @param changed called after settings change (and once at start), to re-configure the services and
   *   re-analyse the open configs
   */
  constructor(
    private readonly connection: Connection,
    private readonly state: ServerState,
    private readonly changed: (settings: BigVisionSettings) => void,
  ) {}

  register(): void {
    this.connection.onDidChangeConfiguration((p) => {
      if (this.state.pullConfiguration) void this.pull();
      else this.apply(parseSettings((p.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]));
    });
  }

  /** After `initialized`: asks to hear of changes to our section, then pulls the settings in force. */
  async registerForPull(): Promise<void> {
    if (!this.state.pullConfiguration) return;
    await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    await this.pull();
  }

  private async pull(): Promise<void> {
    try {
      this.apply(parseSettings(await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION })));
    } catch (err) {
      console.error(`reading the ${SETTINGS_SECTION} settings failed: ${String(err)}`);
    }
  }

  apply(settings: BigVisionSettings, initial = false): void {
    const previous = this.state.settings;
    if (!initial && JSON.stringify(settings) === JSON.stringify(previous)) return;
    const engineChanged = settings.checkout !== previous.checkout;
    if (initial || settings.tfdsDataDir !== previous.tfdsDataDir) this.connection.console.info(dataDirFacts(settings.tfdsDataDir));
    if (initial || engineChanged) this.connection.console.info(checkoutSetting(settings.checkout));
    this.state.settings = settings;
    if (engineChanged && this.state.hasEngine()) void this.state.disposeEngine();
    this.changed(settings);
  }
}
