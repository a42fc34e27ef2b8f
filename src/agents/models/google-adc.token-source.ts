import type * as GoogleAuthSdk from 'google-auth-library';
import { sdkOnUse } from '../../platform/sdk-on-use.js';
import { AccessTokenSource } from './access-token-source.js';

const googleAuthSdk = sdkOnUse<typeof GoogleAuthSdk>('google-auth-library');

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * OAuth2 access tokens from Application Default Credentials (the workload's service account on GKE,
 * `gcloud auth application-default login` on a laptop). google-auth-library caches the token and
 * refreshes it before its hour runs out, so asking per call is cheap.
 */
export class GoogleAdcTokenSource extends AccessTokenSource {
  private readonly auth = new (googleAuthSdk().GoogleAuth)({ scopes: [CLOUD_PLATFORM_SCOPE] });

  async token(): Promise<string> {
    const token = await this.auth.getAccessToken();
    if (!token) throw new Error('Application Default Credentials returned no access token');
    return token;
  }
}
