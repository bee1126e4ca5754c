import { join } from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { expect } from 'chai';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { parseAllDocuments } from 'yaml';
import { helmBinary } from '../support/helm-binary.js';
import { REPO_ROOT, run } from '../support/run.js';

const CHART = join(REPO_ROOT, 'deploy', 'helm');

/** The Kubernetes schema of every kind the chart renders, from the kubernetes-models package. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/DaemonSet': DaemonSet,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any };

async function render(args: string[] = []): Promise<Manifest[]> {
  const { stdout } = await run(await helmBinary(), ['template', 'scan', CHART, ...args]);
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

function find(manifests: Manifest[], kind: string, suffix: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name.endsWith(suffix));
  expect(found, `${kind} *${suffix}`).to.not.equal(undefined);
  return found!;
}

describe('the Helm chart in deploy/helm', () => {
  it('passes helm lint, with default and with external-Redis values', async () => {
    const helm = await helmBinary();
    await run(helm, ['lint', '--strict', CHART]);
    await run(helm, [
      'lint',
      '--strict',
      CHART,
      '--set',
      'redis.enabled=false',
      '--set',
      'redis.externalUrl=redis://redis.example:6379',
      '--set',
      'serviceMonitor.enabled=true',
    ]);
  });

  for (const [name, args] of [
    ['default values', []],
    [
      'external Redis and a ServiceMonitor',
      [
        '--set',
        'redis.enabled=false',
        '--set',
        'redis.externalUrl=redis://redis.example:6379',
        '--set',
        'serviceMonitor.enabled=true',
        '--set',
        'api.dockerHostNames={node-a,node-b}',
      ],
    ],
  ] as const) {
    it(`renders only objects valid against the Kubernetes schemas (${name})`, async () => {
      const manifests = await render([...args]);
      expect(manifests.length).to.be.greaterThan(8);
      for (const manifest of manifests) {
        const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
        expect(Model, `a schema for ${manifest.apiVersion} ${manifest.kind}`).to.not.equal(
          undefined,
        );
        expect(() => new Model!(manifest).validate(), manifest.metadata.name).to.not.throw();
      }
    });
  }

  it('rejects an object that breaks its schema (the check can fail)', async () => {
    const [api] = (await render()).filter((m) => m.kind === 'Deployment');
    const broken = { ...api!, spec: { ...api!.spec, replicas: 'two' } };
    expect(() => new Deployment(broken as any).validate()).to.throw();
  });

  it('runs workers as a DaemonSet on the node Docker socket, unprivileged, with probes', async () => {
    const manifests = await render();
    const worker = find(manifests, 'DaemonSet', '-scanner-worker');
    const pod = worker.spec.template.spec;
    const container = pod.containers[0];
    const socket = pod.volumes.find((v: any) => v.name === 'docker-socket');
    expect(socket.hostPath).to.deep.equal({ path: '/var/run/docker.sock', type: 'Socket' });
    expect(pod.securityContext.runAsNonRoot).to.equal(true);
    expect(pod.securityContext.supplementalGroups).to.deep.equal([999]);
    expect(pod.terminationGracePeriodSeconds).to.be.greaterThan(600);
    expect(container.livenessProbe.httpGet.path).to.equal('/healthz');
    expect(container.readinessProbe.httpGet.path).to.equal('/readyz');
    expect(container.securityContext.allowPrivilegeEscalation).to.equal(false);
    expect(container.resources.limits.memory).to.be.a('string');
  });

  it('keeps reports on a persistent volume and bundles Redis unless told otherwise', async () => {
    const manifests = await render();
    const store = find(manifests, 'Deployment', '-report-store');
    const claim = find(manifests, 'PersistentVolumeClaim', '-reports');
    const volume = store.spec.template.spec.volumes[0];
    expect(volume.persistentVolumeClaim.claimName).to.equal(claim.metadata.name);
    find(manifests, 'Deployment', '-redis');
    find(manifests, 'NetworkPolicy', '-redis');
    find(manifests, 'Service', '-api');
    expect(manifests.some((m) => m.kind === 'ServiceMonitor')).to.equal(false);

    const external = await render([
      '--set',
      'redis.enabled=false',
      '--set',
      'redis.externalUrl=redis://redis.example:6379',
    ]);
    expect(
      external.some((m) => m.metadata.name.endsWith('-redis') && m.kind !== 'NetworkPolicy'),
    ).to.equal(false);
    const api = find(external, 'Deployment', '-api');
    const env = api.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'REDIS_URL').value).to.equal(
      'redis://redis.example:6379',
    );
  });
});
