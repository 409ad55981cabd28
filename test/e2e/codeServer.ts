/**
 * Runs code-server 4.99.4 (a real VS Code 1.99.3 served to a browser) for the end-to-end test: a throwaway user
 * data folder, extensions folder and copy of the fixture workspace, the built .vsix installed, and code-server in
 * its own process group so that `stop()` ends it and every process it started (extension host, language server).
 * code-server is installed by test/e2e/installCodeServer.sh into .cache/code-server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const CODE_SERVER = process.env.BV_CODE_SERVER ?? path.join(ROOT, '.cache/code-server/node_modules/.bin/code-server');

/** The .vsix `npm run package` writes for this package.json. */
export function builtVsix(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const file = path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run package\` (npm run test:e2e does)`);
  return file;
}

export interface CodeServerOptions {
  vsix: string;
  /** Folder copied to a temporary workspace (the test edits the copy, never the fixture). */
  fixture: string;
  /** User settings (merged over the test defaults). */
  settings?: Record<string, unknown>;
  /** Files copied into the workspace copy: workspace-relative destination → source path. */
  files?: Record<string, string>;
  /** Environment variables for code-server, which its extension host (and what it starts) inherits. */
  env?: Record<string, string>;
}

export class CodeServer {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly workspace: string,
    readonly dir: string,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Installs the .vsix and starts code-server on a free port; resolves once it listens. */
  static async start(options: CodeServerOptions): Promise<CodeServer> {
    if (!fs.existsSync(CODE_SERVER)) throw new Error(`${CODE_SERVER} is missing: run \`bash test/e2e/installCodeServer.sh\``);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-e2e-'));
    const userData = path.join(dir, 'user-data');
    const extensions = path.join(dir, 'extensions');
    const workspace = path.join(dir, 'workspace');
    fs.cpSync(options.fixture, workspace, { recursive: true });
    for (const [dest, src] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(workspace, dest)), { recursive: true });
      fs.copyFileSync(src, path.join(workspace, dest));
    }
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    const settings = {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'editor.hover.delay': 200,
      // Screenshots catch widgets fully drawn, not half way through a fade-in.
      'workbench.reduceMotion': 'on',
      'bigVision.trace.server': 'messages',
      ...options.settings,
    };
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    // An empty config file keeps code-server away from ~/.config/code-server.
    const config = path.join(dir, 'config.yaml');
    fs.writeFileSync(config, '');
    const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

    const install = spawnSync(CODE_SERVER, [...common, '--install-extension', options.vsix], { encoding: 'utf8', timeout: 60_000 });
    const installed = `${install.stdout}${install.stderr}`;
    if (install.status !== 0 || !/successfully installed/i.test(installed)) {
      throw new Error(`code-server could not install ${options.vsix} (exit ${install.status}):\n${installed}`);
    }

    const args = [...common, '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', workspace];
    // detached: code-server leads a new process group, which stop() signals as a whole.
    const child = spawn(CODE_SERVER, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const onData = (d: Buffer) => {
        seen += d.toString();
        const m = /HTTP server listening on (http:\/\/\S+)/.exec(seen);
        if (m) resolve(m[1].replace(/\/$/, ''));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${seen}`)));
      child.once('error', reject);
    });
    return new CodeServer(child, url, workspace, dir);
  }

  /** code-server's process id, which is also its process group's id. */
  get pgid(): number | undefined {
    return this.child.pid;
  }

  /** code-server's own stdout and stderr so far. */
  log(): string {
    return this.output;
  }

  /** The folder of VS Code's log files (window, extension host, output channels). */
  logsDir(): string {
    return path.join(this.dir, 'user-data', 'logs');
  }

  /** Ends code-server's process group: SIGTERM, then SIGKILL for whatever is left after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    const pgid = this.child.pid;
    if (pgid === undefined) return;
    const exited = this.child.exitCode !== null || this.child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    signalGroup(pgid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
    const late = await Promise.race([exited.then(() => false), timedOut]);
    clearTimeout(timer);
    // Children (extension host, language server) may outlive code-server itself: always sweep the group.
    signalGroup(pgid, 'SIGKILL');
    if (late) await exited;
  }

  /** Removes the temporary folders (call after copying what the artifacts need). */
  cleanUp(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    // ESRCH: the group is already gone.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Whether any process of the group is still alive (or not yet reaped). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves once no process of the group is left; rejects after `timeoutMs`. Killed processes are reaped
 * asynchronously and no event reports it, so this checks the group every 50 ms.
 */
export async function groupGone(pgid: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) throw new Error(`process group ${pgid} still has processes ${timeoutMs} ms after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
