/**
 * What went wrong while provisioning, in words a user can act on. The Cloud TPU API reports a full zone, an
 * exhausted quota, a missing permission or an accelerator type that does not go with a runtime version as a gRPC
 * status code plus an English message (the REST transport turns any HTTP 400 into code 3 whatever its body says),
 * so both are read: the code first, the message to tell capacity from quota.
 */
import type { TpuLocation } from './provider';

export const FAILURE_KINDS = ['capacity', 'quota', 'permission', 'credentials', 'api-disabled', 'bad-request', 'not-found', 'already-exists', 'other'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** A provisioning failure with the step that fixes it in `message`; the provider's own text is kept in `cause`. */
export class ProvisionError extends Error {
  constructor(readonly kind: FailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProvisionError';
  }
}

/** What the request was about, for the advice. */
export interface FailureContext extends Partial<TpuLocation> {
  node?: string;
  acceleratorType?: string;
  runtimeVersion?: string;
  spot?: boolean;
}

/** gRPC status codes the API uses. */
const CODE = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, UNAUTHENTICATED: 16 } as const;

function codeOf(err: unknown): number | undefined {
  const c = (err as { code?: unknown }).code;
  return typeof c === 'number' ? c : undefined;
}

/** The kind of a provider error, from its status code and message. */
export function failureKind(err: unknown): FailureKind {
  const code = codeOf(err);
  const text = String((err as Error)?.message ?? err);
  if (/no more capacity|out of capacity|insufficient capacity|stockout|ZONE_RESOURCE_POOL_EXHAUSTED/i.test(text)) return 'capacity';
  if (/quota/i.test(text)) return 'quota';
  if (/has not been used in project|SERVICE_DISABLED|API has not been enabled|is disabled/i.test(text)) return 'api-disabled';
  if (code === CODE.UNAUTHENTICATED || /invalid_grant|invalid authentication credentials|reauth/i.test(text)) return 'credentials';
  if (code === CODE.PERMISSION_DENIED || /permission/i.test(text)) return 'permission';
  if (code === CODE.ALREADY_EXISTS || /already exists/i.test(text)) return 'already-exists';
  if (code === CODE.NOT_FOUND) return 'not-found';
  if (code === CODE.RESOURCE_EXHAUSTED) return 'capacity';
  if (code === CODE.INVALID_ARGUMENT || code === CODE.FAILED_PRECONDITION || /runtime version|accelerator type|tensorflow version/i.test(text)) return 'bad-request';
  return 'other';
}

/** The provider's message on one line, without gRPC's `8 RESOURCE_EXHAUSTED: ` prefix. */
function providerText(err: unknown): string {
  return String((err as Error)?.message ?? err).replace(/^\d+ [A-Z_]+: /, '').replace(/\s+/g, ' ').trim();
}

/** Turns a provider error into a `ProvisionError` whose message says what to do next. */
export function explainFailure(err: unknown, ctx: FailureContext): ProvisionError {
  if (err instanceof ProvisionError) return err;
  const kind = failureKind(err);
  const said = providerText(err);
  const zone = ctx.zone ?? 'the zone';
  const acc = ctx.acceleratorType ?? 'this accelerator type';
  const project = ctx.project ?? 'the project';
  let advice: string;
  switch (kind) {
    case 'capacity':
      advice =
        `${zone} has no capacity for ${acc} right now. Try another zone that offers it (bv tpu accelerator-types --zone ZONE), ` +
        `${ctx.spot ? 'try again later (spot capacity comes and goes)' : '--spot (spot capacity is a separate pool, and cheaper)'}, ` +
        `or queue the request with bv tpu create ${ctx.node ?? 'NODE'} --queued, which waits until capacity frees up.`;
      break;
    case 'quota':
      advice = `the ${ctx.spot ? 'spot/preemptible ' : ''}TPU quota of ${project} in ${zone} is used up for ${acc}. Delete idle nodes (bv tpu list), use a smaller accelerator type, or request more quota (console: IAM & Admin → Quotas, service tpu.googleapis.com).`;
      break;
    case 'permission':
      advice = `your account may not manage TPUs in ${project}: it needs the TPU Admin role (roles/tpu.admin) there, and the project must be the one you meant (--project).`;
      break;
    case 'credentials':
      advice = 'the Google Cloud credentials were refused: run `gcloud auth application-default login` again.';
      break;
    case 'api-disabled':
      advice = `the Cloud TPU API is not enabled in ${project}: run \`gcloud services enable tpu.googleapis.com --project ${project}\`.`;
      break;
    case 'bad-request':
      advice =
        `${acc}${ctx.runtimeVersion ? ` with runtime version ${ctx.runtimeVersion}` : ''} was refused: the runtime version must match the accelerator generation ` +
        `(v4: tpu-ubuntu2204-base, v5e: v2-alpha-tpuv5-lite, v5p: v2-alpha-tpuv5, v6e: v2-alpha-tpuv6e) and both must be offered in ${zone}: ` +
        'see bv tpu accelerator-types and bv tpu runtime-versions for that zone, or leave --runtime-version out to get the newest one that fits.';
      break;
    case 'not-found':
      advice = `${ctx.node ? `node ${ctx.node}` : 'the resource'} does not exist in ${project}/${zone} (or the zone does not offer TPUs): check --project and --zone (bv tpu list).`;
      break;
    case 'already-exists':
      advice = `a node named ${ctx.node ?? 'so'} already exists in ${zone}: use it (bv tpu run uses an existing node), delete it first, or choose another name.`;
      break;
    default:
      advice = 'see the provider message above.';
  }
  return new ProvisionError(kind, `${said}\n→ ${advice}`, { cause: err });
}
