/**
 * What every `bv tpu` command needs: the provider, the project and zone (flags, else gcloud's variables and the
 * credentials' project), the SSH key pair and pinned host keys in the state folder, and the SSH settings
 * (`--ssh-user`, default the local user name; `--ssh-port`, default 22; `--internal-ip`).
 */
import * as os from 'node:os';
import { makeProvider, pollMs } from '../launch/providers';
import { defaultProject } from '../launch/providers/googleAuth';
import type { TpuLocation, TpuProvider } from '../launch/provider';
import { HostKeyStore } from '../launch/ssh/hostKeys';
import { loadOrCreateKeyPair, sshKeysEntry, type KeyPair } from '../launch/ssh/keyPair';
import { tpuStateDir } from '../launch/stateDir';
import type { SshSettings } from '../launch/workerSet';

export interface TpuCommonOptions {
  project?: string;
  zone?: string;
  stateDir?: string;
  sshUser?: string;
  sshPort?: string;
  internalIp?: boolean;
  concurrency?: string;
}

export interface TpuContext {
  provider: TpuProvider;
  at: TpuLocation;
  keys: KeyPair;
  hostKeys: HostKeyStore;
  ssh: SshSettings;
  /** The `ssh-keys` metadata entry that lets `--ssh-user` in with our key. */
  sshKeys: string;
  pollMs: number;
}

/** The project and zone, or an error naming the flag to give. */
export async function location(opts: TpuCommonOptions, env: NodeJS.ProcessEnv = process.env): Promise<TpuLocation> {
  const project = opts.project ?? (await defaultProject(env));
  if (!project) throw new Error('no project: pass --project (or set GOOGLE_CLOUD_PROJECT, or `gcloud config set project ...`)');
  const zone = opts.zone ?? env.CLOUDSDK_COMPUTE_ZONE?.trim();
  if (!zone) throw new Error('no zone: pass --zone (e.g. us-central2-b; or set CLOUDSDK_COMPUTE_ZONE)');
  return { project, zone };
}

function sshPort(value: string | undefined): number {
  const port = Number(value ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--ssh-port ${value}: expected a port number (1-65535)`);
  return port;
}

export async function tpuContext(opts: TpuCommonOptions, env: NodeJS.ProcessEnv = process.env): Promise<TpuContext> {
  const at = await location(opts, env);
  const dir = tpuStateDir(opts.stateDir, env);
  const keys = loadOrCreateKeyPair(dir);
  const hostKeys = new HostKeyStore(dir);
  const user = opts.sshUser ?? os.userInfo().username;
  const concurrency = Number(opts.concurrency ?? 32);
  const ssh: SshSettings = { user, port: sshPort(opts.sshPort), internalIp: !!opts.internalIp, keys, hostKeys, concurrency: Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 32 };
  return { provider: await makeProvider(env), at, keys, hostKeys, ssh, sshKeys: sshKeysEntry(user, keys.publicKey), pollMs: pollMs(env) };
}
