/**
 * Entry point of the Big Vision Studio language server (bundled to dist/server/server.js; `bv lsp --stdio` and
 * the VS Code client start it). Only creates the transport and hands it to ServerInit: stdio unless the command
 * line names another transport (`--node-ipc`, `--socket=N`, `--pipe=NAME`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ServerInit } from './serverInit';

const otherTransport = process.argv.some((a) => /^--(?:node-ipc|socket|pipe)/.test(a));
const connection = otherTransport ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
new ServerInit(connection).start();
