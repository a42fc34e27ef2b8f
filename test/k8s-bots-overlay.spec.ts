import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { parse } from 'yaml';

import { kustomized, MODELS, OVERLAY, type Manifest } from './support/bots-overlay.js';

describe('the bots overlay (k8s/overlays/bots): Hummingbot, its MQTT broker, and Freqtrade', () => {
  const manifests = kustomized();
  const policy = (name: string) =>
    manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === name) as
      (Manifest & INetworkPolicy) | undefined;

  it('builds, validates against the Kubernetes schemas, all in namespace trading', () => {
    const templates = [
      'hummingbot-secret.template.yaml',
      'mosquitto-secret.template.yaml',
      'freqtrade-secret.template.yaml',
    ].map((f) => parse(readFileSync(join(OVERLAY, f), 'utf8')) as Manifest);
    for (const m of [...manifests, ...templates]) {
      const Model = MODELS[`${m.apiVersion}/${m.kind}`];
      expect(Model).toBeDefined();
      if (Model) expect(() => new Model(m as never).validate()).not.toThrow();
      expect(m.metadata.namespace).toBe('trading');
    }
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/freqtrade-config',
      'ConfigMap/mosquitto',
      'Deployment/freqtrade',
      'Deployment/hummingbot',
      'Deployment/mosquitto',
      'NetworkPolicy/cloud-trader-to-freqtrade',
      'NetworkPolicy/cloud-trader-to-mosquitto',
      'NetworkPolicy/freqtrade',
      'NetworkPolicy/hummingbot',
      'NetworkPolicy/mosquitto',
      'PersistentVolumeClaim/freqtrade-data',
      'PersistentVolumeClaim/hummingbot-data',
      'Service/freqtrade',
      'Service/mosquitto',
    ]);
  });

  it('lets only Cloud Trader and Hummingbot reach the broker, on MQTT alone', () => {
    const broker = policy('mosquitto')?.spec;
    expect(broker?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(broker?.egress).toEqual([]);
    expect(broker?.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloud-trader' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'hummingbot' } } },
        ],
        ports: [{ port: 1883, protocol: 'TCP' }],
      },
    ]);
    const bot = policy('hummingbot')?.spec;
    expect(bot?.ingress).toEqual([]);
    expect(bot?.egress?.map((rule) => rule.ports?.map((p) => p.port))).toEqual([
      [1883],
      [53, 53],
      [443],
    ]);
    expect(policy('cloud-trader-to-mosquitto')?.spec?.egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mosquitto' } } }],
        ports: [{ port: 1883, protocol: 'TCP' }],
      },
    ]);
  });
});
