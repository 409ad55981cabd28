/**
 * Google Cloud credentials for the TPU providers: application-default credentials (google-auth-library), or a
 * static bearer token from `BV_TPU_ACCESS_TOKEN` (tests and private endpoints). Without either, one error that
 * names the `gcloud auth application-default login` step. The default project comes from the usual variables,
 * else from the credentials (gcloud's configured project, a service account's project).
 */
import { GoogleAuth, OAuth2Client, type AuthClient } from 'google-auth-library';
import { ProvisionError } from '../failures';

/** REST endpoint of the TPU API (`http://127.0.0.1:8470`, `https://private.example`): tests, private endpoints. */
export const ENDPOINT_ENV = 'BV_TPU_API_ENDPOINT';
/** A static access token sent as `Authorization: Bearer ...` instead of application-default credentials. */
export const TOKEN_ENV = 'BV_TPU_ACCESS_TOKEN';

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];
const PROJECT_ENVS = ['GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'GCLOUD_PROJECT'];

const LOGIN_HINT =
  'no Google Cloud credentials found. Run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file), then try again';

/** The auth client the provider sends requests with. */
export async function authClient(env: NodeJS.ProcessEnv = process.env): Promise<AuthClient> {
  const token = env[TOKEN_ENV]?.trim();
  if (token) {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: token });
    return client;
  }
  try {
    return await new GoogleAuth({ scopes: SCOPES }).getClient();
  } catch (err) {
    throw new ProvisionError('credentials', `${LOGIN_HINT} (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
}

/** The project to use when `--project` is not given; undefined when nothing names one. */
export async function defaultProject(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const name of PROJECT_ENVS) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  // A static token names no project, and asking the metadata server would only time out.
  if (env[TOKEN_ENV]) return undefined;
  try {
    return (await new GoogleAuth({ scopes: SCOPES }).getProjectId()) || undefined;
  } catch {
    return undefined;
  }
}
