import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { requireBinary } from './prometheus-server.js';
import { REPO_ROOT } from './test-config.js';

export const OVERLAY = join(REPO_ROOT, 'k8s', 'overlays', 'bots');

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/** The kinds the overlay holds, each with its schema. */
export const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

/** The overlay as kustomize renders it. */
export function kustomized(): Manifest[] {
  const run = spawnSync(requireBinary('kubectl'), ['kustomize', OVERLAY], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`kubectl kustomize failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout).map((d) => d.toJS() as Manifest);
}
