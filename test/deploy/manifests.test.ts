// No container engine runs here, so the container image, compose file and Kubernetes manifests are
// checked by reading them: they parse, name what exists, and the configuration they carry is valid.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { issuerConfigProblems } from '../../src/aws/index.ts';
import { checkConfig } from '../../src/config/index.ts';

type Manifest = { kind: string; metadata: { name: string }; data?: Record<string, string>; stringData?: Record<string, string>; spec?: any };
const manifests = parseAllDocuments(readFileSync('deploy/kubernetes/roleport.yaml', 'utf8')).map((doc) => {
  assert.deepEqual(doc.errors, []);
  return doc.toJS() as Manifest;
});
const byKind = (kind: string) => manifests.find((m) => m.kind === kind)!;

test('the Kubernetes config map holds a valid configuration whose every env: reference the secret provides', () => {
  const yaml = byKind('ConfigMap').data!['roleport.yaml'];
  const secret = byKind('Secret').stringData!;
  const referenced = [...yaml.matchAll(/env:([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]);
  assert.ok(referenced.length > 0);
  for (const name of referenced) assert.ok(name in secret, `the Secret lacks ${name}`);
  const { config, warnings } = checkConfig(parse(yaml), { env: secret, baseDir: '/etc/roleport', file: 'roleport.yaml' });
  assert.deepEqual(warnings, []);
  assert.deepEqual(issuerConfigProblems(config), []);
  assert.equal(config.session.store.type, 'redis');
  assert.equal(config.audit.store.type, 'postgres');
});

test('the deployment runs replicas that read the config map, probe /readyz for readiness and /healthz for liveness', () => {
  const deployment = byKind('Deployment');
  assert.ok(deployment.spec.replicas >= 2);
  const [container] = deployment.spec.template.spec.containers;
  assert.equal(container.readinessProbe.httpGet.path, '/readyz');
  assert.equal(container.livenessProbe.httpGet.path, '/healthz');
  assert.deepEqual(container.env, [{ name: 'ROLEPORT_CONFIG', value: '/etc/roleport/roleport.yaml' }]);
  assert.equal(container.envFrom[0].secretRef.name, byKind('Secret').metadata.name);
  assert.equal(deployment.spec.template.spec.volumes[0].configMap.name, byKind('ConfigMap').metadata.name);
  assert.equal(container.ports[0].containerPort, 3000);
  assert.deepEqual(byKind('Service').spec.selector, deployment.spec.selector.matchLabels);
});

test('the metrics have a port of their own that the pods scrape and the Service does not expose', () => {
  const { config } = checkConfig(parse(byKind('ConfigMap').data!['roleport.yaml']), { env: byKind('Secret').stringData!, baseDir: '/etc/roleport', file: 'roleport.yaml' });
  const template = byKind('Deployment').spec.template;
  const ports = template.spec.containers[0].ports as { name: string; containerPort: number }[];
  assert.equal(ports.find((p) => p.name === 'metrics')?.containerPort, config.metrics.port);
  assert.equal(template.metadata.annotations['prometheus.io/port'], String(config.metrics.port));
  assert.deepEqual(byKind('Service').spec.ports.map((p: { targetPort: string }) => p.targetPort), ['http']);
});

test("the pod's termination grace period covers the preStop pause, server.shutdownGrace and Roleport's own margin", () => {
  const pod = byKind('Deployment').spec.template.spec;
  const { config } = checkConfig(parse(byKind('ConfigMap').data!['roleport.yaml']), { env: byKind('Secret').stringData!, baseDir: '/etc/roleport', file: 'roleport.yaml' });
  const preStop = pod.containers[0].lifecycle.preStop.sleep.seconds;
  assert.ok(preStop >= 1, 'a preStop pause lets the Service stop sending requests first');
  // main.ts exits by itself at the latest 10 s after the grace.
  assert.ok(pod.terminationGracePeriodSeconds >= preStop + config.server.shutdownGrace + 10, `${pod.terminationGracePeriodSeconds} s is too short`);
});

test('the compose file runs Roleport beside Redis and PostgreSQL from the Containerfile', () => {
  const compose = parse(readFileSync('deploy/compose.yaml', 'utf8'));
  assert.deepEqual(Object.keys(compose.services).sort(), ['postgres', 'redis', 'roleport']);
  assert.equal(compose.services.roleport.build.dockerfile, 'deploy/Containerfile');
  assert.match(compose.services.roleport.environment.REDIS_URL, /^redis:\/\/redis:6379$/);
  assert.match(compose.services.roleport.environment.DATABASE_URL, /@postgres:5432\//);
});

test('the Containerfile and the systemd unit size V8\'s heap for Roleport alike, not for the host\'s memory', () => {
  const container = /NODE_OPTIONS="([^"]+)"/.exec(readFileSync('deploy/Containerfile', 'utf8'))?.[1];
  const unit = /^Environment="NODE_OPTIONS=([^"]+)"$/m.exec(readFileSync('deploy/roleport.service', 'utf8'))?.[1];
  assert.equal(container, unit);
  assert.match(unit ?? '', /--max-semi-space-size=\d+/);
  assert.match(unit ?? '', /--max-old-space-size=\d+/);
});

test('the Containerfile copies folders that exist, builds the CLI package in a build stage and starts src/main.ts on Node 24', () => {
  const file = readFileSync('deploy/Containerfile', 'utf8');
  assert.match(file, /^FROM node:24[\w.-]*$/m);
  for (const [, source] of file.matchAll(/^COPY (?!--from=)(\S+) /gm)) assert.ok(existsSync(source), `COPY ${source}: no such path`);
  // The served CLI package comes from the build stage, built there with esbuild.
  assert.match(file, /^RUN node src\/commands\/main\.ts build-cli --out \/build\/cli$/m);
  assert.match(file, /^COPY --from=cli-package \/build\/cli\/roleport-cli\.tgz \.\/build\/cli\/roleport-cli\.tgz$/m);
  assert.match(file, /^CMD \["node", "src\/main\.ts"\]$/m);
  assert.match(file, /^USER node$/m);
});
