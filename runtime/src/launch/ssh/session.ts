/**
 * One SSH connection to one worker (ssh2): commands with their exit status and output, long-running commands that
 * stop when we stop reading them, and SFTP. The host key is checked by the caller's `verify` (pinning per node id,
 * hostKeys.ts) before anything is sent; a refusal surfaces as that check's own error. Keepalives notice a dead
 * worker (a preempted VM drops no TCP reset), and `closed` settles when the connection is gone.
 *
 * Every command runs under `bash -c` (TPU VM images log in to bash, but the login shell is not ours to assume).
 */
import { Client, type ClientChannel, type SFTPWrapper } from 'ssh2';

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  privateKey: string;
  /** Names the worker in messages: `worker 2 (10.0.0.4)`. */
  label: string;
  /** Throws when the host key must not be accepted. */
  verify(key: Buffer): void;
  keepaliveMs?: number;
  readyTimeoutMs?: number;
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

/** A command that exited with a status other than 0. */
export class RemoteCommandError extends Error {
  constructor(readonly label: string, readonly result: ExecResult, what: string) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-8).join('\n');
    super(`${what} exited with ${result.code ?? result.signal}${tail ? `:\n${tail}` : ''}`);
    this.name = 'RemoteCommandError';
  }
}

/** `s` quoted for a POSIX shell. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const KEEP_OUTPUT = 256 * 1024;

/** A long-running command: its end, and a way to end it early. */
export interface Follow {
  done: Promise<ExecResult>;
  /** Ends the command (its stdin closes; see `cancellable`). */
  stop(): void;
}

/**
 * Wraps `script` so that it ends when its stdin closes: the client stops a follower (a `tail -F`) by closing the
 * channel, and a lost connection ends it too, instead of leaving it on the worker.
 */
export function cancellable(script: string): string {
  return [
    'exec 3<&0 </dev/null',
    'set -m',
    `( ${script} ) & p=$!`,
    '( exec 2>/dev/null >/dev/null; cat <&3; kill -TERM -- -$p 2>/dev/null ) & w=$!',
    'exec 3<&-',
    'wait $p; c=$?',
    'kill $w 2>/dev/null',
    'exit $c',
  ].join('\n');
}

export class SshSession {
  private sftpChannel?: Promise<SFTPWrapper>;
  private ended = false;
  /** Settles when the connection is gone: with the error that ended it, or undefined after `end()`. */
  readonly closed: Promise<Error | undefined>;

  private constructor(private readonly client: Client, readonly target: SshTarget, closed: Promise<Error | undefined>) {
    this.closed = closed;
  }

  get label(): string {
    return this.target.label;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  static connect(target: SshTarget): Promise<SshSession> {
    const client = new Client();
    let refusal: Error | undefined;
    let lastError: Error | undefined;
    let settleClosed: (e: Error | undefined) => void = () => undefined;
    const closed = new Promise<Error | undefined>((resolve) => (settleClosed = resolve));
    return new Promise((resolve, reject) => {
      let session: SshSession | undefined;
      // Many small request/reply exchanges (the handshake's, then SFTP of checkpoints: thousands of small files):
      // Nagle's algorithm with delayed ACKs would hold each one back by tens of milliseconds.
      client.on('connect', () => client.setNoDelay(true));
      client.on('ready', () => {
        session = new SshSession(client, target, closed);
        resolve(session);
      });
      client.on('error', (err) => {
        lastError = err;
        if (!session) reject(refusal ?? new Error(`cannot connect to ${target.label} as ${target.user}: ${explainConnectError(err, target)}`, { cause: err }));
      });
      client.on('close', () => {
        if (session) session.ended = true;
        settleClosed(session && !session.endedByUs ? new Error(`the SSH connection to ${target.label} was lost${lastError ? ` (${lastError.message})` : ''}`) : undefined);
        if (!session) reject(refusal ?? new Error(`cannot connect to ${target.label}: the connection closed during the handshake`));
      });
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        privateKey: target.privateKey,
        readyTimeout: target.readyTimeoutMs ?? 20_000,
        keepaliveInterval: target.keepaliveMs ?? 5000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          try {
            target.verify(key);
            return true;
          } catch (err) {
            refusal = err as Error;
            return false;
          }
        },
      });
    });
  }

  private endedByUs = false;

  /** Runs `script` and collects its output; `onData` also gets it as it comes. */
  exec(script: string, onData?: (text: string, stream: 'stdout' | 'stderr') => void): Promise<ExecResult> {
    return this.follow(script, onData, false).done;
  }

  /** Runs `script`; resolves to its stdout, or throws a `RemoteCommandError` (naming `what`) on a non-zero exit. */
  async run(script: string, what = 'a command'): Promise<string> {
    const r = await this.exec(script);
    if (r.code !== 0) throw new RemoteCommandError(this.label, r, `${what} on ${this.label}`);
    return r.stdout;
  }

  /** Starts a long-running command that `stop()` ends (see `cancellable`). */
  follow(script: string, onData?: (text: string, stream: 'stdout' | 'stderr') => void, stoppable = true): Follow {
    let channel: ClientChannel | undefined;
    let stopped = false;
    const done = new Promise<ExecResult>((resolve, reject) => {
      if (this.ended) {
        reject(new Error(`the SSH connection to ${this.label} is closed`));
        return;
      }
      const command = `bash -c ${shellQuote(stoppable ? cancellable(script) : script)}`;
      this.client.exec(command, (err, ch) => {
        if (err) {
          reject(new Error(`cannot run a command on ${this.label}: ${err.message}`, { cause: err }));
          return;
        }
        channel = ch;
        if (stopped) ch.end();
        const out = { stdout: '', stderr: '' };
        let code: number | null = null;
        let signal: string | undefined;
        const take = (stream: 'stdout' | 'stderr') => (d: Buffer) => {
          const text = d.toString('utf8');
          out[stream] = (out[stream] + text).slice(-KEEP_OUTPUT);
          onData?.(text, stream);
        };
        ch.on('data', take('stdout'));
        ch.stderr.on('data', take('stderr'));
        ch.on('exit', (c: number | null, s?: string) => {
          code = c ?? null;
          signal = s ?? undefined;
        });
        ch.on('close', () => resolve({ code, ...(signal ? { signal } : {}), ...out }));
      });
    });
    return {
      done,
      stop: () => {
        stopped = true;
        channel?.end();
      },
    };
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpChannel ??= new Promise((resolve, reject) => this.client.sftp((err, s) => (err ? reject(new Error(`SFTP to ${this.label} failed: ${err.message}`, { cause: err })) : resolve(s))));
    return this.sftpChannel;
  }

  /** Copies a local file to `remote` (its folder must exist). */
  async upload(local: string, remote: string, mode = 0o644): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => sftp.fastPut(local, remote, { mode }, (err) => (err ? reject(new Error(`cannot upload ${local} to ${this.label}:${remote}: ${err.message}`, { cause: err })) : resolve())));
  }

  /** Writes `content` to `remote`. */
  async writeFile(remote: string, content: string | Buffer, mode = 0o644): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => sftp.writeFile(remote, content, { mode }, (err) => (err ? reject(new Error(`cannot write ${this.label}:${remote}: ${err.message}`, { cause: err })) : resolve())));
  }

  /** Copies `remote` to a local file. */
  async download(remote: string, local: string): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => sftp.fastGet(remote, local, (err) => (err ? reject(new Error(`cannot download ${this.label}:${remote}: ${err.message}`, { cause: err })) : resolve())));
  }

  /** Entries of a remote folder: name and whether it is a folder. */
  async list(remote: string): Promise<{ name: string; dir: boolean }[]> {
    const sftp = await this.sftp();
    const entries = await new Promise<{ filename: string; attrs: { isDirectory(): boolean } }[]>((resolve, reject) =>
      sftp.readdir(remote, (err, list) => (err ? reject(new Error(`cannot list ${this.label}:${remote}: ${err.message}`, { cause: err })) : resolve(list))),
    );
    return entries.map((e) => ({ name: e.filename, dir: e.attrs.isDirectory() }));
  }

  /** An interactive shell on a pseudo-terminal (for `bv tpu ssh`). */
  shell(term: { rows: number; cols: number; term: string }): Promise<ClientChannel> {
    return new Promise((resolve, reject) => this.client.shell({ rows: term.rows, cols: term.cols, term: term.term }, (err, ch) => (err ? reject(err) : resolve(ch))));
  }

  end(): void {
    this.endedByUs = true;
    this.ended = true;
    this.client.end();
  }
}

function explainConnectError(err: Error, t: SshTarget): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return `nothing accepts SSH on ${t.host}:${t.port} (the worker is not up yet, or --ssh-port is wrong)`;
  if (code === 'ETIMEDOUT' || /Timed out while waiting for handshake/.test(err.message)) return `no answer from ${t.host}:${t.port} (a firewall rule for port ${t.port}, or use --internal-ip from inside the VPC)`;
  if (/All configured authentication methods failed/.test(err.message)) return `the worker refused our key for user ${t.user}: the node's ssh-keys metadata lacks it (a node created elsewhere) or --ssh-user differs from the user it was created for`;
  return err.message;
}
