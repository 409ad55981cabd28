// The status item's table and its one entry point, with a plain object standing in for vscode.StatusBarItem.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { CommandId } from './commands';
import { healthFromServer, presentStatus, SHOW_PROBLEMS, statusFromNotification, StatusModel, StatusView, type Health, type StatusItemLike } from './status';

function fakeItem(): StatusItemLike & { shown: number; disposed: boolean } {
  return {
    text: '',
    tooltip: undefined,
    command: undefined,
    backgroundColor: undefined,
    name: undefined,
    shown: 0,
    disposed: false,
    show() {
      this.shown++;
    },
    dispose() {
      this.disposed = true;
    },
  };
}

const color = (id: string) => ({ id }) as vscode.ThemeColor;

describe('status item', () => {
  it('maps the server health words onto the item\'s', () => {
    assert.equal(healthFromServer('ok'), 'ready');
    assert.equal(healthFromServer('busy'), 'evaluating');
    assert.equal(healthFromServer('starting'), 'starting');
    assert.equal(healthFromServer('warning'), 'warning');
    assert.equal(healthFromServer('error'), 'error');
  });

  it('gives every health its own icon and label', () => {
    const healths: Health[] = ['starting', 'ready', 'evaluating', 'warning', 'error', 'stopped'];
    const icons = healths.map((h) => presentStatus({ health: h }).text.split(' ')[0]);
    assert.equal(new Set(icons).size, healths.length, icons.join(' '));
    for (const h of healths) assert.match(presentStatus({ health: h }).text, /Big Vision$/);
    assert.match(presentStatus({ health: 'evaluating' }).tooltip, /^Big Vision: evaluating/);
  });

  it('tells server statuses (no uri) from document statuses', () => {
    assert.deepEqual(statusFromNotification({ health: 'ok', message: 'ready (Python loaded in 612 ms)' }), {
      health: 'ready',
      message: 'ready (Python loaded in 612 ms)',
      document: false,
    });
    const doc = statusFromNotification({ health: 'error', message: 'a.py: 2 errors, 1 warnings (12 ms)', uri: 'file:///a.py', counts: { error: 2, warning: 1, information: 0, hint: 0 } });
    assert.deepEqual(doc, { health: 'error', message: 'a.py: 2 errors, 1 warnings (12 ms)', document: true });
    assert.match(presentStatus(doc).tooltip, /^Big Vision: ready, this config has errors\na\.py: 2 errors/);
  });

  it('offers a restart only when the server itself is down, and the Problems view for a config\'s problems', () => {
    assert.equal(presentStatus({ health: 'error' }).command, CommandId.restartServer);
    assert.equal(presentStatus({ health: 'stopped' }).command, CommandId.restartServer);
    assert.equal(presentStatus({ health: 'error', document: true }).command, SHOW_PROBLEMS);
    assert.equal(presentStatus({ health: 'warning', document: true }).command, SHOW_PROBLEMS);
    assert.equal(presentStatus({ health: 'ready', document: true }).command, CommandId.showOutput);
    assert.equal(presentStatus({ health: 'starting' }).command, CommandId.showOutput);
  });

  it('setStatus drives text, tooltip, colour and click action of the item', () => {
    const item = fakeItem();
    const view = new StatusView(item, color);
    assert.equal(item.shown, 1);
    assert.equal(view.status.health, 'starting');
    assert.equal(item.command, CommandId.showOutput);

    view.setStatus({ health: 'error', message: 'server crashed' });
    assert.match(item.text, /\$\(error\)/);
    assert.match(String(item.tooltip), /server crashed/);
    assert.deepEqual(item.backgroundColor, { id: 'statusBarItem.errorBackground' });
    assert.equal(item.command, CommandId.restartServer, 'a click on a failed server restarts it');
    assert.match(String(item.tooltip), /Click to restart the server/);

    view.setStatus({ health: 'ready' });
    assert.equal(item.backgroundColor, undefined);
    assert.equal(item.command, CommandId.showOutput);
    view.dispose();
    assert.ok(item.disposed);
  });

  describe('StatusModel', () => {
    const a = 'file:///w/a.py';
    const b = 'file:///w/b.py';

    it('shows the server\'s status until it is ready, then the active document\'s', () => {
      const m = new StatusModel();
      m.setActive(a);
      m.setDocument(a, { health: 'warning' });
      assert.equal(m.current().health, 'starting');
      m.setServer({ health: 'ready' });
      assert.deepEqual(m.current(), { health: 'warning', document: true });
      m.setActive(b);
      assert.deepEqual(m.current(), { health: 'ready', document: false }, 'b has no verdict yet: the server\'s status');
      m.setDocument(b, { health: 'error', message: 'b.py: SyntaxError' });
      assert.equal(m.current().health, 'error');
      assert.equal(presentStatus(m.current()).command, SHOW_PROBLEMS);
      m.setActive(undefined);
      assert.equal(m.current().health, 'ready');
    });

    it('lets a broken server win over any document and forgets verdicts across a restart', () => {
      const m = new StatusModel();
      m.setActive(a);
      m.setServer({ health: 'ready' });
      m.setDocument(a, { health: 'ready' });
      m.setServer({ health: 'error', message: 'the config engine failed to start' });
      assert.deepEqual(m.current(), { health: 'error', message: 'the config engine failed to start', document: false });
      m.setServer({ health: 'starting' });
      m.setServer({ health: 'ready' });
      assert.equal(m.current().document, false, 'the old verdict on a.py is gone');
      m.setDocument(a, { health: 'warning' });
      m.forget(a);
      assert.equal(m.current().document, false);
    });
  });
});
