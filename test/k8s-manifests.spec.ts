import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { type INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import {
  ConfigMap,
  type IConfigMap,
  type IPersistentVolumeClaim,
  type ISecret,
  type IService,
  type IServiceAccount,
  Namespace,
  PersistentVolumeClaim,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config/load-config.js';
import { declaredVariables, isSecretVariable } from './operations-environment.js';
import { loadRuleGroups } from './support/prometheus-rules.js';
import { requireBinary } from './support/prometheus-server.js';
import { REPO_ROOT, temporaryDir } from './support/test-config.js';

const K8S = join(REPO_ROOT, 'k8s');

/** A manifest as parsed; its kind-specific shape is asserted by `find` after schema validation. */
interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
}

interface ServiceMonitorManifest extends Manifest {
  readonly spec: {
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly endpoints: { readonly port: string; readonly path: string }[];
  };
}

interface PrometheusRuleManifest extends Manifest {
  readonly spec: unknown;
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

/** Built-in kinds validated against the Kubernetes OpenAPI schemas that kubernetes-models carries. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};
const CUSTOM_KINDS = [
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
];

function manifestFiles(): string[] {
  return readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
}

function load(file: string): Manifest {
  return parse(readFileSync(join(K8S, file), 'utf8')) as Manifest;
}

function kustomized(): Manifest[] {
  const run = spawnSync(requireBinary('kubectl'), ['kustomize', K8S], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`kubectl kustomize k8s/ failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout).map((d) => d.toJS() as Manifest);
}

function find<T>(manifests: Manifest[], kind: string): T {
  return must(
    manifests.find((m) => m.kind === kind),
    `${kind} in the kustomize output`,
  ) as T;
}

describe('the Kubernetes manifests (k8s/)', () => {
  const manifests = kustomized();
  const deployment = find<IDeployment>(manifests, 'Deployment');
  const pod = must(deployment.spec?.template.spec, 'pod spec');
  const container = pod.containers[0];
  const configMap = find<IConfigMap>(manifests, 'ConfigMap');
  const config = must(configMap.data, 'ConfigMap data');
  const secretTemplate = load('secret.template.yaml') as ISecret;
  const secretValues = must(secretTemplate.stringData, 'Secret stringData');

  it('build with kubectl kustomize, every resource in namespace trading', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'Namespace',
        'NetworkPolicy',
        'PersistentVolumeClaim',
        'PrometheusRule',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
      ].sort(),
    );
    for (const m of manifests.filter((m) => m.kind !== 'Namespace'))
      expect({ kind: m.kind, namespace: m.metadata.namespace }).toEqual({
        kind: m.kind,
        namespace: 'trading',
      });
    expect(find<Manifest>(manifests, 'Namespace').metadata.name).toBe('trading');
  });

  it('validate against the Kubernetes schemas, each file and the kustomize output', () => {
    const all = [...manifestFiles().map(load), ...manifests];
    for (const manifest of all) {
      const key = `${manifest.apiVersion}/${manifest.kind}`;
      const Model = MODELS[key];
      if (Model) expect(() => new Model(manifest as never).validate()).not.toThrow();
      else expect(CUSTOM_KINDS).toContain(key);
    }
  });

  it('reject a broken manifest (the validation can fail)', () => {
    const broken = structuredClone(deployment) as unknown as { spec: { replicas: unknown } };
    broken.spec.replicas = 'one';
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas/);
  });

  it('run one replica with Recreate, probes on /healthz and /readyz at the HTTP port', () => {
    expect(deployment.metadata?.name).toBe('cloud-trader');
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.strategy).toEqual({ type: 'Recreate' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.ports).toContainEqual(
      expect.objectContaining({ name: 'http', containerPort: Number(config.PORT) }),
    );
  });

  it('run as non-root on a read-only root filesystem, with no privilege escalation', () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('request and limit CPU and memory within 1 CPU and 1.5 Gi', () => {
    const cpu = (v: unknown) => {
      const text = String(v);
      return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
    };
    const mebibytes = (v: unknown) => {
      const match = /^(\d+)(Mi|Gi)$/.exec(String(v));
      if (!match) throw new Error(`unexpected quantity ${String(v)}`);
      return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
    };
    const requests = must(container.resources?.requests, 'resource requests');
    const limits = must(container.resources?.limits, 'resource limits');
    expect(cpu(limits.cpu)).toBeLessThanOrEqual(1);
    expect(mebibytes(limits.memory)).toBeLessThanOrEqual(1536);
    expect(cpu(requests.cpu)).toBeLessThanOrEqual(cpu(limits.cpu));
    expect(mebibytes(requests.memory)).toBeLessThanOrEqual(mebibytes(limits.memory));
    // The measured RSS under load (see the comment in deployment.yaml) must fit the request.
    expect(mebibytes(requests.memory)).toBeGreaterThanOrEqual(256);
  });

  it('keep DATA_DIR on the PersistentVolumeClaim, and /tmp writable', () => {
    const mounts = new Map((container.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
    const volumes = pod.volumes ?? [];
    const dataVolume = volumes.find((v) => v.name === mounts.get(config.DATA_DIR));
    const claim = find<IPersistentVolumeClaim>(manifests, 'PersistentVolumeClaim');
    expect(dataVolume?.persistentVolumeClaim?.claimName).toBe(claim.metadata?.name);
    expect(claim.spec?.accessModes).toEqual(['ReadWriteOnce']);
    const tmp = volumes.find((v) => v.name === mounts.get('/tmp'));
    expect(tmp?.emptyDir).toBeDefined();
  });

  it('provide every variable the service reads, secrets only from cloud-trader-secrets', () => {
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata?.name } },
      { secretRef: { name: 'cloud-trader-secrets' } },
    ]);
    const configKeys = Object.keys(config);
    const secretKeys = Object.keys(secretValues);
    const provided = new Set([...configKeys, ...secretKeys]);
    expect(declaredVariables().filter((name) => !provided.has(name))).toEqual([]);
    expect(configKeys.filter(isSecretVariable)).toEqual([]);
    expect(declaredVariables().filter(isSecretVariable).sort()).toEqual(secretKeys.sort());
  });

  it('configure a service that starts: the ConfigMap passes the service’s own validation', () => {
    // As Cloud Build deploys it: PROJECT_ID replaced by the project's id.
    const deployed = Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, v.replaceAll('PROJECT_ID', 'example-project')]),
    );
    const loaded = loadConfig(deployed, temporaryDir('ct-k8s-cwd-'));
    expect(loaded.dataDir).toBe('/data');
    expect(loaded.backup.dir).toBe('/data/backups');
    expect(loaded.backup.gcs?.bucket).toBe('example-project-cloud-trader-backups');
    expect(loaded.trading.paper).toBe(true);
    expect(loaded.port).toBe(8080);
  });

  it('ship a Secret template with keys and no values, kept out of the kustomization', () => {
    expect(secretTemplate.metadata?.name).toBe('cloud-trader-secrets');
    expect(secretTemplate.data).toBeUndefined();
    expect(Object.values(secretValues).every((v) => v === '')).toBe(true);
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  it('bind the ServiceAccount to a Google service account (Workload Identity)', () => {
    const account = find<IServiceAccount>(manifests, 'ServiceAccount');
    expect(pod.serviceAccountName).toBe(account.metadata?.name);
    expect(account.metadata?.annotations?.['iam.gke.io/gcp-service-account']).toMatch(
      /^[a-z][a-z0-9-]+@[A-Za-z_]+\.iam\.gserviceaccount\.com$/,
    );
  });

  it('let in only the namespace and monitoring; let out only DNS, metadata and HTTPS', () => {
    const policy = must(find<INetworkPolicy>(manifests, 'NetworkPolicy').spec, 'policy spec');
    expect(policy.podSelector.matchLabels).toEqual(deployment.spec?.selector.matchLabels);
    expect([...(policy.policyTypes ?? [])].sort()).toEqual(['Egress', 'Ingress']);
    const sources = (policy.ingress ?? []).flatMap((rule) => rule.from ?? []);
    expect(sources).toEqual([
      { podSelector: {} },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    const egressPorts = (policy.egress ?? []).flatMap((rule) =>
      (rule.ports ?? []).map((p) => p.port),
    );
    expect([...new Set(egressPorts)].sort()).toEqual([443, 53, 80, 988].sort());
    // An egress rule without `to` would allow every destination on its ports.
    for (const rule of policy.egress ?? []) expect(rule.to?.length).toBeGreaterThan(0);
  });

  it('expose the HTTP port through the Service the ServiceMonitor scrapes', () => {
    const service = find<IService>(manifests, 'Service');
    const monitor = find<ServiceMonitorManifest>(manifests, 'ServiceMonitor');
    expect(service.spec?.selector).toEqual(deployment.spec?.selector.matchLabels);
    expect(service.spec?.ports).toContainEqual(
      expect.objectContaining({ name: 'http', targetPort: 'http' }),
    );
    expect(service.metadata?.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints).toContainEqual(
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    );
  });

  it('carry exactly the groups of monitoring/alert-rules.yaml in the PrometheusRule', () => {
    const rule = find<PrometheusRuleManifest>(manifests, 'PrometheusRule');
    expect(rule.metadata.name).toBe('cloud-trader');
    // Regenerate k8s/prometheus-rule.yaml from monitoring/alert-rules.yaml when this fails.
    expect(rule.spec).toEqual(loadRuleGroups());
  });
});
