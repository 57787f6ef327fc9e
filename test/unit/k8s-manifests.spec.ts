// Validates the example Kubernetes manifests (deploy/k8s) offline against the Kubernetes API schemas
// (kubernetes-models, v1.27 schemas), and checks them against the code: the commands run files that exist, every
// variable set is one the apps read, the probes reach the endpoints the api and the worker serve.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { parseAllDocuments } from 'yaml';
import { ENV } from '#libs/config/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { sourceOfBuiltFile } from '../utils/built-files.js';

const root = projectRoot();
const dir = join(root, 'deploy', 'k8s');
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
};

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };
const objects: { file: string; obj: Obj }[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
      return { file, obj: d.toJS() as Obj };
    }),
  );
const named = (kind: string, name: string) => objects.find((o) => o.obj.kind === kind && o.obj.metadata.name === name)?.obj;
const podSpecs = () =>
  objects.filter((o) => o.obj.kind === 'Deployment' || o.obj.kind === 'Job').map((o) => ({ ...o, pod: o.obj.spec.template.spec }));

describe('deploy/k8s manifests', () => {
  it('holds the api and worker Deployments, the api Service, the migrate Job and the shared ConfigMap', () => {
    expect(objects.map((o) => `${o.obj.kind}/${o.obj.metadata.name}`).sort()).toEqual(
      ['ConfigMap/dondoc', 'Deployment/dondoc-api', 'Deployment/dondoc-worker', 'Job/dondoc-migrate', 'Service/dondoc-api'].sort(),
    );
  });

  it.each(objects.map((o) => [`${o.file}: ${o.obj.kind}/${o.obj.metadata.name}`, o.obj] as const))(
    '%s validates against the Kubernetes schema',
    (_name, obj) => {
      const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(obj as never).validate()).not.toThrow();
    },
  );

  it('the validator rejects a broken object (a probe port that is not a port, a replica count that is a word)', () => {
    const api = structuredClone(named('Deployment', 'dondoc-api')!);
    api.spec.replicas = 'two';
    expect(() => new Deployment(api as never).validate()).toThrow();
    const worker = structuredClone(named('Deployment', 'dondoc-worker')!);
    worker.spec.template.spec.containers[0].readinessProbe.httpGet.port = { port: 9464 };
    expect(() => new Deployment(worker as never).validate()).toThrow();
  });

  it('runs files the build makes, sets only variables the apps read, and probes the endpoints they serve', () => {
    const known = new Set(Object.keys(ENV));
    for (const key of Object.keys(named('ConfigMap', 'dondoc')!.data!)) expect(known.has(key) ? key : `${key} (unknown)`).toBe(key);
    for (const { pod } of podSpecs()) {
      for (const c of pod.containers) {
        const script = (c.command as string[]).find((a) => a.startsWith('dist/'))!;
        expect(existsSync(join(root, sourceOfBuiltFile(root, script)))).toBe(true);
        for (const e of c.env ?? []) expect(known.has(e.name) ? e.name : `${e.name} (unknown)`).toBe(e.name);
        for (const ref of c.envFrom ?? []) expect(named('ConfigMap', ref.configMapRef.name)).toBeDefined();
      }
    }
    const probes = (name: string) => named('Deployment', name)!.spec.template.spec.containers[0];
    for (const name of ['dondoc-api', 'dondoc-worker']) {
      const c = probes(name);
      expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path, c.startupProbe.httpGet.path]).toEqual([
        '/health/live',
        '/health/ready',
        '/health/live',
      ]);
      expect(c.ports.map((p: { name: string }) => p.name)).toContain(c.readinessProbe.httpGet.port);
    }
    // The api's readiness endpoint and the worker's port are in the code the image runs.
    expect(readFileSync(join(root, 'apps/api/src/ops/ops.controller.ts'), 'utf8')).toContain("@Get('health/ready')");
    expect(named('ConfigMap', 'dondoc')!.data!.APP_WORKER_PORT).toBe(String(probes('dondoc-worker').ports[0].containerPort));
    expect(named('ConfigMap', 'dondoc')!.data!.APP_PORT).toBe(String(probes('dondoc-api').ports[0].containerPort));
    // The grace period covers the drain: APP_SHUTDOWN_DELAY_MS + APP_SHUTDOWN_TIMEOUT_MS.
    const data = named('ConfigMap', 'dondoc')!.data!;
    for (const name of ['dondoc-api', 'dondoc-worker']) {
      expect(named('Deployment', name)!.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
        Number(data.APP_SHUTDOWN_DELAY_MS) + Number(data.APP_SHUTDOWN_TIMEOUT_MS),
      );
    }
  });
});
