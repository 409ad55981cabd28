/**
 * The SSH key pair that logs into TPU workers: an ed25519 pair generated once (ssh2's generator, OpenSSH format)
 * and kept in the state folder (`$XDG_CONFIG_HOME/big-vision-studio/tpu/`, or the editor's storage), the private
 * key readable by its owner only (0600, folder 0700). The public half goes into a node's `ssh-keys` metadata; the
 * private key is never printed or logged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { utils } from 'ssh2';

export const PRIVATE_KEY_FILE = 'id_ed25519';

export interface KeyPair {
  /** OpenSSH private key (PEM-like text). Never print it. */
  privateKey: string;
  /** `ssh-ed25519 AAAA... comment`, one line. */
  publicKey: string;
  /** Where the private key lives. */
  file: string;
}

/** Makes `dir` (and its parents) and restricts it to its owner. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
}

/**
 * A new ed25519 pair that ssh2 itself can read back: about 1 time in 270 its generator writes a private key that its
 * parser ("Malformed OpenSSH private key") and OpenSSH both reject, which would leave the user a broken key file.
 */
export function generateParsable(comment: string): { private: string; public: string } {
  for (let attempt = 1; ; attempt++) {
    const keys = utils.generateKeyPairSync('ed25519', { comment });
    if (!(utils.parseKey(keys.private) instanceof Error) || attempt === 5) return keys;
  }
}

/** Reads the key pair in `dir`, generating it the first time. Refuses a private key that others can read. */
export function loadOrCreateKeyPair(dir: string, comment = 'big-vision-studio'): KeyPair {
  privateDir(dir);
  const file = path.join(dir, PRIVATE_KEY_FILE);
  const pubFile = `${file}.pub`;
  if (!fs.existsSync(file)) {
    const keys = generateParsable(comment);
    const tmp = `${file}.${process.pid}.tmp`;
    // 'wx' with mode 0600: the key is never on disk with wider permissions, not even for a moment.
    fs.writeFileSync(tmp, keys.private, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(`${pubFile}.${process.pid}.tmp`, `${keys.public.trim()}\n`, { mode: 0o644 });
    fs.renameSync(`${pubFile}.${process.pid}.tmp`, pubFile);
    fs.renameSync(tmp, file);
  }
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) throw new Error(`${file} can be read by other users (mode ${mode.toString(8)}); run \`chmod 600 ${file}\``);
  }
  const privateKey = fs.readFileSync(file, 'utf8');
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new Error(`${file} is not an OpenSSH private key (${parsed.message}); delete it to have a new pair generated`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  const publicKey = `${key.type} ${key.getPublicSSH().toString('base64')} ${comment}`;
  return { privateKey, publicKey, file };
}

/** The `ssh-keys` metadata line that lets `user` log in with `publicKey`. */
export function sshKeysEntry(user: string, publicKey: string): string {
  if (!/^[a-z_][a-z0-9_.-]*$/i.test(user)) throw new Error(`--ssh-user ${user}: not a user name a TPU VM accepts (letters, digits, _ . -)`);
  return `${user}:${publicKey}`;
}
