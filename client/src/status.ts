/**
 * The status-bar item: one `setStatus({health})` call decides its icon, text, tooltip, colour and click action.
 * Two kinds of status reach it, merged by `StatusModel`: the server's own (the language client's state, and
 * `bigVision/status` notifications without a `uri`: starting, ready, broken) and per-document ones (notifications
 * with a `uri`: the config in the active editor is clean, has warnings or errors). A broken server is offered a
 * restart on click; a config with problems opens the Problems view. Only type imports of `vscode`, so the
 * mapping and the item's behaviour are unit-tested with a fake item.
 */
import type * as vscode from 'vscode';
import type { ServerHealth, StatusParams } from '../../server/src/protocol';
import { CommandId } from './commands';

/** What the status item shows. `stopped`: the client stopped the server (restart brings it back). */
export type Health = 'starting' | 'ready' | 'evaluating' | 'warning' | 'error' | 'stopped';

/** The argument of `setStatus`. */
export interface Status {
  health: Health;
  /** One line: why (shown in the tooltip). */
  message?: string;
  /** The status is about the config in the editor, not the server (an `error` is then the config's). */
  document?: boolean;
}

/** The parts of `vscode.StatusBarItem` the status view writes; a plain object in tests. */
export type StatusItemLike = Pick<vscode.StatusBarItem, 'text' | 'tooltip' | 'command' | 'backgroundColor' | 'name'> & {
  show(): void;
  dispose(): void;
};

/** VS Code's own command that reveals the Problems view. */
export const SHOW_PROBLEMS = 'workbench.actions.view.problems';

/** How each health looks. Icons are VS Code codicons; the background colours are theme colour ids. */
const LOOK: Record<Health, { icon: string; label: string; background?: string }> = {
  starting: { icon: '$(loading~spin)', label: 'starting' },
  ready: { icon: '$(check)', label: 'ready' },
  evaluating: { icon: '$(sync~spin)', label: 'evaluating' },
  warning: { icon: '$(warning)', label: 'ready, this config has warnings', background: 'statusBarItem.warningBackground' },
  error: { icon: '$(error)', label: 'error', background: 'statusBarItem.errorBackground' },
  stopped: { icon: '$(circle-slash)', label: 'stopped', background: 'statusBarItem.warningBackground' },
};

/** Maps the server's own health word (protocol.ts) onto the status item's. */
export function healthFromServer(health: ServerHealth): Health {
  switch (health) {
    case 'ok':
      return 'ready';
    case 'busy':
      return 'evaluating';
    default:
      return health;
  }
}

/** The status a `bigVision/status` notification asks for. */
export function statusFromNotification(params: StatusParams): Status {
  return { health: healthFromServer(params.health), message: params.message || undefined, document: params.uri !== undefined };
}

/** Whether a click should restart the server (it is broken or stopped) rather than show something. */
function serverDown(status: Status): boolean {
  return (status.health === 'error' && !status.document) || status.health === 'stopped';
}

/** Text, tooltip, colour id and click command for a status; pure, so the table above is tested directly. */
export function presentStatus(status: Status): { text: string; tooltip: string; background?: string; command: string } {
  const look = LOOK[status.health];
  const label = status.document && status.health === 'error' ? 'ready, this config has errors' : look.label;
  const detail = status.message ? `\n${status.message}` : '';
  const hasProblems = status.document && (status.health === 'warning' || status.health === 'error');
  const command = serverDown(status) ? CommandId.restartServer : hasProblems ? SHOW_PROBLEMS : CommandId.showOutput;
  const actions: Record<string, string> = {
    [CommandId.restartServer]: 'Click to restart the server.',
    [SHOW_PROBLEMS]: 'Click to show the problems.',
    [CommandId.showOutput]: 'Click to show the server log.',
  };
  const action = actions[command];
  return { text: `${look.icon} Big Vision`, tooltip: `Big Vision: ${label}${detail}\n${action}`, background: look.background, command };
}

/** Owns the status-bar item. `makeColor` builds a `vscode.ThemeColor` (injected to keep this file vscode-free). */
export class StatusView {
  private current: Status = { health: 'starting' };

  constructor(
    private readonly item: StatusItemLike,
    private readonly makeColor: (id: string) => vscode.ThemeColor,
  ) {
    item.name = 'Big Vision language server';
    this.setStatus(this.current);
    item.show();
  }

  /** The last status set. */
  get status(): Status {
    return this.current;
  }

  /** The one place that changes the item. */
  setStatus(status: Status): void {
    this.current = status;
    const look = presentStatus(status);
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.backgroundColor = look.background ? this.makeColor(look.background) : undefined;
    this.item.command = look.command;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * Merges the server's status with the per-document ones: while the server is not ready its status wins;
 * otherwise the active editor's document status shows (the server's when it has none).
 */
export class StatusModel {
  private server: Status = { health: 'starting' };
  private readonly documents = new Map<string, Status>();
  private active?: string;

  /** A status of the server itself (client state changes, notifications without a uri). */
  setServer(status: Status): void {
    this.server = { ...status, document: false };
    // A restarted server analyses every document again; old verdicts would be stale.
    if (status.health === 'starting' || status.health === 'stopped') this.documents.clear();
  }

  /** A status of one document (a notification with its uri). */
  setDocument(uri: string, status: Status): void {
    this.documents.set(uri, { ...status, document: true });
  }

  /** The document in the active editor (undefined: none). */
  setActive(uri: string | undefined): void {
    this.active = uri;
  }

  /** Drops a closed document's status. */
  forget(uri: string): void {
    this.documents.delete(uri);
  }

  /** What the item should show now. */
  current(): Status {
    if (this.server.health !== 'ready') return this.server;
    return (this.active !== undefined ? this.documents.get(this.active) : undefined) ?? this.server;
  }
}
