/**
 * The provider `bv tpu` and the editor use: the Cloud TPU API, at `BV_TPU_API_ENDPOINT` when set (tests, private
 * endpoints), with application-default credentials or `BV_TPU_ACCESS_TOKEN`. `BV_TPU_POLL_MS` sets how often long
 * operations are polled (default 5 s).
 */
import type { TpuProvider } from '../provider';
import { CloudTpuProvider } from './cloudTpu';
import { authClient, ENDPOINT_ENV } from './googleAuth';

export const POLL_ENV = 'BV_TPU_POLL_MS';

/** Milliseconds from `BV_TPU_POLL_MS`, else `fallback`. */
export function pollMs(env: NodeJS.ProcessEnv = process.env, fallback = 5000): number {
  const v = Number(env[POLL_ENV]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export async function makeProvider(env: NodeJS.ProcessEnv = process.env): Promise<TpuProvider> {
  const endpoint = env[ENDPOINT_ENV]?.trim();
  return new CloudTpuProvider({ authClient: await authClient(env), ...(endpoint ? { endpoint } : {}), pollMs: pollMs(env) });
}
