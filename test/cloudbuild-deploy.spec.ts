import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { requireBinary } from './support/prometheus-server.js';
import { REPO_ROOT, temporaryDir } from './support/test-config.js';

interface CloudBuild {
  readonly substitutions: Record<string, string>;
  readonly steps: { readonly id: string; readonly env?: string[]; readonly args: string[] }[];
}

interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly data?: Record<string, string>;
  readonly spec?: {
    readonly template?: {
      readonly spec: { readonly containers: { name: string; image: string }[] };
    };
    readonly groups?: { rules: { annotations: Record<string, string> }[] }[];
  };
}

const PROJECT = 'acme-trading-prod';
const BUILD_ID = 'b7d1c0de-0000-4000-8000-000000000042';
const RUNBOOKS = 'https://runbooks.acme.example/cloud-trader';
const build = parse(readFileSync(join(REPO_ROOT, 'cloudbuild.yaml'), 'utf8')) as CloudBuild;

/** Cloud Build's substitutions: defaults, then overrides, `${_IMAGE}` resolved (dynamicSubstitutions). */
function substitutions(overrides: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = { PROJECT_ID: PROJECT, BUILD_ID };
  for (const [key, value] of Object.entries({ ...build.substitutions, ...overrides }))
    values[key] = substitute(value, values);
  return values;
}

/** `${NAME}` and `$NAME` of known substitutions are replaced; `$$` is a literal `$` for bash. */
function substitute(text: string, values: Record<string, string>): string {
  return text
    .split('$$')
    .map((part) =>
      part.replace(
        /\$\{([A-Z_][A-Z0-9_]*)\}|\$([A-Z_][A-Z0-9_]*)/g,
        (whole, a?: string, b?: string) => {
          const name = a ?? b ?? '';
          return name in values ? values[name] : whole;
        },
      ),
    )
    .join('$');
}

const STANDIN_GCLOUD = `#!/bin/sh
printf 'gcloud %s\\n' "$*" >> "$STANDIN_LOG"
`;
/** Renders for real, records what `apply` would send, and answers the rollout step's questions. */
const STANDIN_KUBECTL = `#!/bin/sh
printf 'kubectl %s\\n' "$*" >> "$STANDIN_LOG"
if [ "$1" = kustomize ]; then exec "$REAL_KUBECTL" "$@"; fi
if [ "$1" = apply ]; then cat > "$STANDIN_APPLIED"; exit 0; fi
if [ "$1" = -n ]; then shift 2; fi
case "$1 $2" in
  "rollout status") exit 0 ;;
  "get deployment/cloud-trader") printf '%s' "$STANDIN_DEPLOYMENT_IMAGE" ;;
  "get pods") printf '%b' "$STANDIN_PODS" ;;
  *) echo "unexpected kubectl $*" >&2; exit 2 ;;
esac
`;

/** Runs one step's shell as Cloud Build would, with gcloud and kubectl replaced by the stand-ins. */
function runStep(id: string, env: Record<string, string> = {}, overrides = {}) {
  const step = build.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in cloudbuild.yaml`);
  const values = substitutions(overrides);
  const workspace = temporaryDir('ct-cloudbuild-');
  cpSync(join(REPO_ROOT, 'k8s'), join(workspace, 'k8s'), { recursive: true });
  const bin = join(workspace, '.standins');
  mkdirSync(bin);
  for (const [name, script] of [
    ['gcloud', STANDIN_GCLOUD],
    ['kubectl', STANDIN_KUBECTL],
  ]) {
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  const log = join(workspace, 'standins.log');
  const applied = join(workspace, 'applied.yaml');
  writeFileSync(log, '');
  const stepEnv = Object.fromEntries(
    (step.env ?? []).map((e) => substitute(e, values).split(/=(.*)/s).slice(0, 2)),
  ) as Record<string, string>;
  const run = spawnSync('bash', [step.args[0], substitute(step.args[1], values)], {
    cwd: workspace,
    encoding: 'utf8',
    // stdin not a socket: bash would take itself for a remote shell and read ~/.bashrc.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      REAL_KUBECTL: requireBinary('kubectl'),
      STANDIN_LOG: log,
      STANDIN_APPLIED: applied,
      ...stepEnv,
      ...env,
    },
  });
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  return { status: run.status, stderr: run.stderr, calls: read(log), applied: read(applied) };
}

describe("cloudbuild.yaml's deploy", () => {
  const image = `us-central1-docker.pkg.dev/${PROJECT}/cloud-run-source-deploy/cloud-trader:${BUILD_ID}`;

  it('applies the Deployment on the image just built, keeps GCP_PROJECT_ID and links the runbook', () => {
    const { status, stderr, calls, applied } = runStep(
      'deploy',
      {},
      { _RUNBOOK_BASE_URL: RUNBOOKS },
    );
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(calls).toContain(
      `gcloud container clusters get-credentials hft-trading-cluster --zone us-central1-a --project ${PROJECT}`,
    );
    expect(calls).toContain('kubectl apply -f -');

    const manifests = parseAllDocuments(applied).map((d) => d.toJS() as Manifest);
    const find = (kind: string) => {
      const found = manifests.find((m) => m.kind === kind);
      if (!found) throw new Error(`no ${kind} applied`);
      return found;
    };
    const containers = find('Deployment').spec?.template?.spec.containers ?? [];
    expect(containers.find((c) => c.name === 'cloud-trader')?.image).toBe(image);
    const config = find('ConfigMap').data ?? {};
    expect(Object.keys(config)).toContain('GCP_PROJECT_ID');
    expect(Object.keys(config).filter((k) => k.includes(PROJECT))).toEqual([]);
    expect(find('ServiceAccount').metadata.annotations?.['iam.gke.io/gcp-service-account']).toBe(
      `cloud-trader@${PROJECT}.iam.gserviceaccount.com`,
    );
    expect(applied.replaceAll('GCP_PROJECT_ID', '')).not.toContain('PROJECT_ID');
    const runbookLinks = (find('PrometheusRule').spec?.groups ?? []).flatMap((g) =>
      g.rules.map((r) => r.annotations.runbook_url),
    );
    expect(runbookLinks.length).toBeGreaterThanOrEqual(10);
    for (const link of runbookLinks)
      expect(link).toMatch(new RegExp(`^${RUNBOOKS}/runbook\\.md#[a-z]+$`));
  });

  const pods = (...rows: string[]) => rows.map((r) => `${r}\\n`).join('');

  it('passes the rollout when the Deployment and its ready pods run the image just built', () => {
    const run = runStep('rollout', {
      STANDIN_DEPLOYMENT_IMAGE: image,
      STANDIN_PODS: pods(`cloud-trader-7c9f-abcde ${image} True`),
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.calls).toContain(
      'kubectl -n trading rollout status deployment/cloud-trader --timeout=300s',
    );
  });

  it('fails the rollout when the Deployment still runs another image (a no-op rollout)', () => {
    const stale = image.replace(BUILD_ID, 'latest');
    const run = runStep('rollout', {
      STANDIN_DEPLOYMENT_IMAGE: stale,
      STANDIN_PODS: pods(`cloud-trader-5d4c-fghij ${stale} True`),
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`runs ${stale}, not ${image}`);
  });

  it('fails the rollout when a ready pod runs another image, or no pod is ready', () => {
    const stale = image.replace(BUILD_ID, 'previous');
    const mixed = runStep('rollout', {
      STANDIN_DEPLOYMENT_IMAGE: image,
      STANDIN_PODS: pods(`cloud-trader-1 ${image} True`, `cloud-trader-0 ${stale} True`),
    });
    expect(mixed.status).not.toBe(0);
    expect(mixed.stderr).toContain(`ready pods do not all run ${image}`);
    const none = runStep('rollout', {
      STANDIN_DEPLOYMENT_IMAGE: image,
      STANDIN_PODS: pods(`cloud-trader-1 ${image} False`),
    });
    expect(none.status).not.toBe(0);
  });
});
