/**
 * The server's log ("Big Vision: Show Language Server Log"), as the client receives it over stdio
 * (`window/logMessage` with levels): start-up facts at info, each evaluation's timing at debug, failures at error.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageType, ResponseError } from 'vscode-languageserver';
import { fileUri, LspClient, REPO } from './lspClient';
import { BASE, useLspWorkspace } from './lspFixtures';

describe('language server log over stdio', function () {
  this.timeout(60000);
  const { ws, client: started } = useLspWorkspace();
  let client: LspClient;
  beforeEach(() => {
    client = started();
  });

  it('logs its start at info: versions, the Python load time, the data dir and the checkout setting', async () => {
    await client.waitForLog((m) => /Python .* loaded in \d+ ms/.test(m.message));
    const info = client.logMessages.filter((m) => m.type === MessageType.Info).map((m) => m.message).join('\n');
    assert.match(info, /Big Vision Studio language server 0\.1\.0 \(Node v\d+\.\d+\.\d+\)/);
    assert.match(info, /pyodide \d+\.\d+\.\d+, Python 3\.\d+\.\d+\) loaded in \d+ ms/);
    assert.match(info, new RegExp(`TFDS data dir: ${ws.tfds.replace(/[/\\]/g, '.')} \\(1 dataset: mnist\\)`));
    assert.match(info, /big_vision checkout: none set; searched above each config/);
  });

  it('logs each opened config with the checkout it uses, and each evaluation with its timing at debug level', async () => {
    const checkout = path.join(ws.dir, 'project');
    fs.mkdirSync(path.join(checkout, 'big_vision', 'configs'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'runtime/src/config/python/big_vision/configs/common.py'), path.join(checkout, 'big_vision', 'configs', 'common.py'));
    const file = path.join(checkout, 'exp', 'base.py');
    fs.mkdirSync(path.dirname(file));
    const uri = fileUri(file);
    await client.open(uri, BASE);
    const opened = await client.waitForLog((m) => m.message.includes('base.py') && /checkout/.test(m.message));
    assert.equal(opened.type, MessageType.Info);
    assert.match(opened.message, new RegExp(`big_vision checkout ${checkout.replace(/[/\\]/g, '.')} \\(found above the config\\)`));
    const evaluated = await client.waitForLog((m) => m.type === MessageType.Debug && m.message.includes('base.py'));
    assert.match(evaluated.message, /^evaluated .*base\.py \(version 1\) in \d+ ms \(Python \d+ ms, checks \d+ ms\): 0 errors, 0 warnings$/);
  });

  it('logs failures at error level', async () => {
    client.connection.onRequest('workspace/configuration', () => {
      throw new ResponseError(-32603, 'settings unavailable');
    });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const failed = await client.waitForLog((m) => m.message.includes('settings unavailable'));
    assert.equal(failed.type, MessageType.Error);
    assert.match(failed.message, /reading the bigVision settings failed/);
  });
});
