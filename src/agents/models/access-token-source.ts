/** Port: the bearer token sent to a model endpoint (Application Default Credentials, or a fixed key). */
export abstract class AccessTokenSource {
  /** A currently valid token; implementations cache and refresh. */
  abstract token(): Promise<string>;
}
