import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { parse } from 'yaml';

import { kustomized, MODELS, OVERLAY, type Manifest } from './support/bots-overlay.js';

describe('the bots overlay (k8s/overlays/bots): Freqtrade', () => {
  const manifests = kustomized().filter((m) => m.metadata.name.includes('freqtrade'));
  const policy = (name: string) =>
    manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === name) as
      (Manifest & INetworkPolicy) | undefined;

  it('builds, validates against the Kubernetes schemas, all in namespace trading', () => {
    const template = parse(
      readFileSync(join(OVERLAY, 'freqtrade-secret.template.yaml'), 'utf8'),
    ) as Manifest & { stringData: Record<string, string> };
    for (const m of [...manifests, template]) {
      const Model = MODELS[`${m.apiVersion}/${m.kind}`];
      expect(Model).toBeDefined();
      if (Model) expect(() => new Model(m as never).validate()).not.toThrow();
      expect(m.metadata.namespace).toBe('trading');
    }
    expect(Object.values(template.stringData).every((v) => v === '')).toBe(true);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/freqtrade-config',
      'Deployment/freqtrade',
      'NetworkPolicy/cloud-trader-to-freqtrade',
      'NetworkPolicy/freqtrade',
      'PersistentVolumeClaim/freqtrade-data',
      'Service/freqtrade',
    ]);
  });

  it('runs the bot dry with its API server where the connector expects it', () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap') as Manifest & {
      data: Record<string, string>;
    };
    const json = JSON.parse(config.data['config.json']) as {
      dry_run: boolean;
      force_entry_enable: boolean;
      api_server: { enabled: boolean; listen_port: number; listen_ip_address: string };
    };
    expect(json.dry_run).toBe(true);
    expect(json.force_entry_enable).toBe(true);
    expect(json.api_server).toMatchObject({
      enabled: true,
      listen_port: 8080,
      listen_ip_address: '0.0.0.0',
    });
  });

  it('lets only Cloud Trader reach the bot, on its API port alone', () => {
    const bot = policy('freqtrade')?.spec;
    expect(bot?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(bot?.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloud-trader' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(bot?.egress?.map((rule) => rule.ports?.map((p) => p.port))).toEqual([[53, 53], [443]]);
    expect(policy('cloud-trader-to-freqtrade')?.spec?.egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'freqtrade' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
  });
});
