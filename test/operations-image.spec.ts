import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { declaredVariables } from './operations-environment.js';
import { REPO_ROOT } from './support/test-config.js';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: { readonly op: string; readonly args: string }[];
}

/** Docker has no engine here, so the Dockerfile is checked as text: stages, instructions, arguments. */
function stages(dockerfile: string): Stage[] {
  const args = new Map<string, string>();
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const result: Stage[] = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const text = rest.join(' ');
    if (op === 'ARG' && result.length === 0) {
      const [name, value] = text.split('=');
      args.set(name, value ?? '');
    } else if (op === 'FROM') {
      const [image, , name] = text
        .replace(/\$\{(\w+)\}/g, (_, a: string) => args.get(a) ?? '')
        .split(/\s+/);
      result.push({ from: image, name, instructions: [] });
    } else {
      result.at(-1)?.instructions.push({ op, args: text });
    }
  }
  return result;
}

describe('the container image (Dockerfile)', () => {
  const all = stages(read('Dockerfile'));
  const final = all[all.length - 1];
  const ops = (stage: Stage, op: string) =>
    stage.instructions.filter((i) => i.op === op).map((i) => i.args);

  it('builds in several stages, all on Node 22 LTS slim', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) expect(stage.from).toMatch(/^node:22(\.\d+)*-[a-z]+-slim$/);
  });

  it('installs with npm ci and builds in a build stage that has the native toolchain', () => {
    const build = all.find((s) => ops(s, 'RUN').some((r) => /npm run build|tsc -p/.test(r)));
    expect(build).toBeDefined();
    const runs = ops(build!, 'RUN').join('\n');
    expect(runs).toMatch(/npm ci(?! --omit=dev)/);
    for (const tool of ['python3', 'make', 'g++']) expect(runs).toContain(tool);
  });

  it('carries production dependencies only, with the compiled better-sqlite3, into the final stage', () => {
    const copies = ops(final, 'COPY');
    const nodeModules = copies.find((c) => c.includes('node_modules'));
    const source = /--from=(\S+)/.exec(nodeModules ?? '')?.[1];
    const deps = all.find((s) => s.name === source);
    expect(deps).toBeDefined();
    expect(ops(deps!, 'RUN').join('\n')).toMatch(/npm ci --omit=dev/);
    expect(ops(deps!, 'RUN').join('\n')).not.toMatch(/npm run build|tsc/);
    // The runtime stage itself has no compiler and installs nothing from npm.
    expect(ops(final, 'RUN').join('\n')).not.toMatch(/npm (ci|install)|g\+\+/);
    expect(deps!.from).toBe(final.from);
  });

  it('has every package the service imports among the production dependencies', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const sources = (readdirSync(join(REPO_ROOT, 'src'), { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !/\.(spec|fixture)\.ts$/.test(f),
    );
    const imported = new Set<string>();
    for (const file of sources) {
      const text = read(join('src', file));
      // `import type` is erased by the compiler, so it needs no package at run time.
      for (const [, specifier] of text.matchAll(
        /^(?:import|export)(?! type )[^;]*?from '([^'.][^']*)'/gm,
      )) {
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
      }
    }
    const external = [...imported].filter(
      (name) => !name.startsWith('node:') && !builtinModules.includes(name),
    );
    expect(external.length).toBeGreaterThan(5);
    expect(external.filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it('copies the built service and what it reads at run time', () => {
    const copies = ops(final, 'COPY').join('\n');
    expect(copies).toMatch(/--from=build \/app\/dist\/src/);
    for (const dir of ['assets', 'contracts', 'package.json']) expect(copies).toContain(dir);
  });

  it('runs as a non-root user with tini as PID 1 passing signals to node', () => {
    const user = ops(final, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(ops(final, 'ENTRYPOINT').at(-1)).toBe('["/usr/bin/tini", "--"]');
    expect(ops(final, 'CMD').at(-1)).toBe('["node", "dist/src/main.js"]');
    expect(ops(final, 'RUN').join('\n')).toContain('tini');
  });

  it('keeps secrets, local data and host node_modules out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.env', 'node_modules', 'dist', 'data', '.git'])
      expect(ignored).toContain(entry);
  });
});

describe('the Cloud Build pipeline (cloudbuild.yaml)', () => {
  interface Step {
    id: string;
    name: string;
    args?: string[];
    env?: string[];
  }
  const build = parse(read('cloudbuild.yaml')) as {
    substitutions: Record<string, string>;
    steps: Step[];
  };
  const text = (step: Step) => [step.name, ...(step.args ?? []), ...(step.env ?? [])].join(' ');
  const index = (pattern: RegExp) => build.steps.findIndex((s) => pattern.test(text(s)));

  it('tests, builds, pushes, deploys and waits for the rollout, in that order', () => {
    const order = [
      index(/\.ci\/run|npm test/),
      index(/cloud-builders\/docker build/),
      index(/cloud-builders\/docker push/),
      index(/kubectl apply/),
      index(/rollout status deployment\/cloud-trader/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('pushes to the cloud-run-source-deploy repository and deploys to hft-trading-cluster', () => {
    expect(build.substitutions._IMAGE).toBe(
      'us-central1-docker.pkg.dev/${PROJECT_ID}/cloud-run-source-deploy/cloud-trader',
    );
    expect(build.substitutions._CLUSTER).toBe('hft-trading-cluster');
    expect(build.substitutions._ZONE).toBe('us-central1-a');
    const deploy = build.steps[index(/kubectl apply/)];
    expect(text(deploy)).toMatch(/kubectl kustomize/);
    expect(text(deploy)).toMatch(/resources: \[\.\.\/k8s\]/);
  });
});

describe('.env.example', () => {
  it('documents every variable the service reads', () => {
    const documented = new Set(
      read('.env.example')
        .split('\n')
        .map((l) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    expect(declaredVariables().filter((name) => !documented.has(name))).toEqual([]);
  });
});
