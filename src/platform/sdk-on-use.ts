import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS SDK loaded when an adapter first needs it, not when its module is imported: the cloud
 * clients take ~1 s to load, and a service that has no Pub/Sub, BigQuery, Cloud Storage or MQTT
 * configured (every `npm start` on a laptop) must not wait for them. Type with `typeof import(...)`.
 */
export function sdkOnUse<Sdk>(specifier: string): () => Sdk {
  let sdk: Sdk | undefined;
  return () => (sdk ??= require(specifier) as Sdk);
}
