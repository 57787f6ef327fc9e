// Checks docker-compose.yml, Dockerfile and .dockerignore as files: no Docker engine is needed. The variables the
// api and the worker require come from loadAppConfig itself, so a new required variable fails here until the
// compose file sets it.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { ConfigError, loadAppConfig, type Env } from '#libs/config/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { API_BUNDLE, sourceOfBuiltFile } from '../utils/built-files.js';

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: (string | number | { target?: number; published?: string | number })[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const root = projectRoot();
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const services = compose.services;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const APP_SERVICES = ['api', 'worker', 'migrate'] as const;

const service = (name: string): ComposeService => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** The environment a container of the service gets, as the strings it sees. */
const environmentOf = (name: string): Env => {
  const raw = service(name).environment ?? {};
  const entries = Array.isArray(raw)
    ? raw.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const)
    : Object.entries(raw).map(([k, v]) => [k, v === null ? undefined : String(v)] as const);
  return Object.fromEntries(entries);
};

const commandOf = (name: string): string => {
  const c = service(name).command;
  return Array.isArray(c) ? c.join(' ') : (c ?? '');
};

const conditionOn = (name: string, dependency: string): string | undefined => {
  const d = service(name).depends_on;
  if (!d) return undefined;
  return Array.isArray(d)
    ? d.includes(dependency)
      ? 'service_started'
      : undefined
    : d[dependency]
      ? (d[dependency].condition ?? 'service_started')
      : undefined;
};

/** The tag of an image reference, or `digest` when it is pinned by digest; undefined when it has neither. */
const imageTag = (ref: string): string | undefined => {
  if (/@sha256:[0-9a-f]{64}$/.test(ref)) return 'digest';
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : undefined;
};
const isPinned = (ref: string): boolean => {
  const tag = imageTag(ref);
  return tag === 'digest' || (tag !== undefined && tag !== 'latest' && /^v?\d+\.\d+/.test(tag));
};

/** The names loadAppConfig reports missing for an empty environment: the variables it requires. */
function requiredByAppConfig(): string[] {
  try {
    loadAppConfig({});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.filter((p) => p.missing).map((p) => p.name);
    throw err;
  }
  throw new Error('loadAppConfig({}) accepted an empty environment; expected a ConfigError naming the required variables');
}

describe('docker-compose.yml', () => {
  it('defines the whole system', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mailpit', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  });

  it('pins every image to a version, and builds the others', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.image === undefined) {
        expect({ name, build: s.build }).toEqual({ name, build: expect.anything() });
        continue;
      }
      expect({ name, image: s.image, pinned: isPinned(s.image) }).toEqual({ name, image: s.image, pinned: true });
    }
  });

  it('recognises an unpinned image', () => {
    expect(['postgres', 'postgres:latest', 'temporalio/ui', 'postgres:15', 'localhost:5000/app'].filter(isPinned)).toEqual([]);
    expect(['postgres:15.14', 'axllent/mailpit:v1.27.8', `node@sha256:${'a'.repeat(64)}`].every(isPinned)).toBe(true);
  });

  it.each(APP_SERVICES)('builds %s from the Dockerfile at the root', (name) => {
    const build = service(name).build;
    const spec = typeof build === 'string' ? { context: build } : (build ?? {});
    expect(spec.context).toBeDefined();
    const file = join(root, spec.context ?? '', spec.dockerfile ?? 'Dockerfile');
    expect(file).toBe(join(root, 'Dockerfile'));
    expect(existsSync(file)).toBe(true);
  });

  it('gives the api and the worker every variable loadAppConfig requires, with valid values', () => {
    const required = requiredByAppConfig();
    expect(required).toEqual(expect.arrayContaining(['DATABASE_URL']));
    for (const name of ['api', 'worker']) {
      const env = environmentOf(name);
      expect({ name, missing: required.filter((v) => !env[v]) }).toEqual({ name, missing: [] });
      expect(() => loadAppConfig(env)).not.toThrow();
    }
  });

  it('gives the api and the worker the same Temporal namespace and task queue', () => {
    const api = loadAppConfig(environmentOf('api'));
    const worker = loadAppConfig(environmentOf('worker'));
    expect(worker.temporal).toEqual(api.temporal);
    expect(worker.databaseUrl).toBe(api.databaseUrl);
    expect(api.temporal.namespace).toBe(environmentOf('temporal').DEFAULT_NAMESPACE);
  });

  it('gives the api and the worker one shared action-link secret (else each start would make its own)', () => {
    const api = loadAppConfig(environmentOf('api'));
    const worker = loadAppConfig(environmentOf('worker'));
    expect(api.secret?.length ?? 0).toBeGreaterThanOrEqual(32);
    expect(worker.secret).toBe(api.secret);
  });

  it('points TEMPORAL_ADDRESS at the temporal service', () => {
    for (const name of ['api', 'worker']) expect(loadAppConfig(environmentOf(name)).temporal.address).toBe('temporal:7233');
    expect(service('temporal').image).toMatch(/^temporalio\/auto-setup:/);
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('points DATABASE_URL at the app database on the postgres service, for migrate too', () => {
    const pg = environmentOf('postgres');
    expect(service('postgres').image).toMatch(/^postgres:15\./);
    for (const name of ['api', 'worker', 'migrate']) {
      const url = new URL(environmentOf(name).DATABASE_URL ?? '');
      expect({ name, host: url.hostname, port: url.port, user: url.username, password: url.password, db: url.pathname }).toEqual({
        name,
        host: 'postgres',
        port: '5432',
        user: pg.POSTGRES_USER,
        password: pg.POSTGRES_PASSWORD,
        db: `/${pg.POSTGRES_DB}`,
      });
    }
    expect(['temporal', 'temporal_visibility', 'postgres']).not.toContain(pg.POSTGRES_DB);
  });

  it('connects the api and the worker as the login dondoc_app that migrate provisions from the same APP_SECRET, not as the owner', () => {
    const migrate = environmentOf('migrate');
    for (const name of ['api', 'worker']) {
      const c = loadAppConfig(environmentOf(name));
      const login = new URL(c.appDatabaseUrl ?? '');
      expect({ name, user: login.username, host: login.hostname, db: login.pathname }).toEqual({
        name,
        user: 'dondoc_app',
        host: 'postgres',
        db: `/${environmentOf('postgres').POSTGRES_DB}`,
      });
      expect(login.password).not.toBe(environmentOf('postgres').POSTGRES_PASSWORD);
      expect(environmentOf(name).APP_SECRET).toBe(migrate.APP_SECRET);
    }
  });

  it('points SMTP_URL at the mail catcher', () => {
    expect(new URL(environmentOf('api').SMTP_URL ?? '').host).toBe('mailpit:1025');
    expect(service('mailpit').image).toMatch(/^axllent\/mailpit:/);
  });

  it('runs Temporal on the postgres service once it is healthy', () => {
    const t = environmentOf('temporal');
    const pg = environmentOf('postgres');
    expect(t).toMatchObject({
      DB: 'postgres12',
      DB_PORT: '5432',
      POSTGRES_SEEDS: 'postgres',
      POSTGRES_USER: pg.POSTGRES_USER,
      POSTGRES_PWD: pg.POSTGRES_PASSWORD,
    });
    expect(conditionOn('temporal', 'postgres')).toBe('service_healthy');
    expect(service('postgres').healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
  });

  it('migrates once before the api and the worker start', () => {
    expect(commandOf('migrate')).toMatch(/\bdist\/apps\/launcher\/src\/main\.js migrate$/);
    expect(conditionOn('migrate', 'postgres')).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect({ name, migrate: conditionOn(name, 'migrate'), temporal: conditionOn(name, 'temporal') }).toEqual({
        name,
        migrate: 'service_completed_successfully',
        temporal: 'service_healthy',
      });
    }
  });

  it('runs the compiled entry points that the build produces', () => {
    // Checked against the sources and the build's tsconfig, so the unit tier needs no build: tsconfig.build.json
    // compiles apps/… into dist/ in the same layout (outDir dist, rootDir .), so dist/X.js is the build of X.ts.
    const readJson = (file: string) =>
      JSON.parse(readFileSync(join(root, file), 'utf8')) as {
        extends?: string;
        include?: string[];
        compilerOptions?: { outDir?: string; rootDir?: string; noEmit?: boolean };
      };
    const build = readJson('tsconfig.build.json');
    const options = { ...readJson(build.extends ?? 'tsconfig.json').compilerOptions, ...build.compilerOptions };
    expect({ outDir: options.outDir, rootDir: options.rootDir, noEmit: options.noEmit }).toEqual({
      outDir: 'dist',
      rootDir: '.',
      noEmit: false,
    });
    const entries = { migrate: 'dist/apps/launcher/src/main.js', api: API_BUNDLE, worker: 'dist/apps/worker/src/main.js' };
    for (const [name, entry] of Object.entries(entries)) {
      expect(commandOf(name).split(' ')).toContain(entry);
      const source = sourceOfBuiltFile(root, entry);
      expect({ source, exists: existsSync(join(root, source)), built: build.include?.includes(source.split('/')[0]) }).toEqual({
        source,
        exists: true,
        built: true,
      });
    }
  });

  it('publishes the api on the port it listens on', () => {
    const { port } = loadAppConfig(environmentOf('api'));
    expect(service('api').ports?.map(String)).toContain(`${port}:${port}`);
  });

  it("never turns the X-Dondoc-Actor header on, and the api listens on its container's interfaces", () => {
    for (const name of ['api', 'worker'])
      expect({ name, actorHeader: loadAppConfig(environmentOf(name)).actorHeader }).toEqual({ name, actorHeader: false });
    expect(environmentOf('api').APP_ACTOR_HEADER).toBeUndefined();
    expect(loadAppConfig(environmentOf('api')).host).toBe('0.0.0.0');
  });
});

describe('Dockerfile', () => {
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ image: m[1], stage: m[2] }));

  it('builds on pinned Node 24 LTS images, the version CI tests (.nvmrc)', () => {
    // .ci/run installs the .nvmrc version when the machine's Node is older; the image must run what the suite ran on.
    const tested = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
    expect(tested).toMatch(/^24\.\d+\.\d+$/);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const stages = new Set(froms.map((f) => f.stage?.toLowerCase()));
    const bases = froms.filter(({ image }) => !stages.has(image.toLowerCase()));
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const { image } of bases) {
      expect({ image, pinned: isPinned(image) }).toEqual({ image, pinned: true });
      expect(image).toBe(`node:${tested}-bookworm-slim`);
    }
  });

  it('builds with the dev dependencies and runs with the production ones', () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b(?!.*--omit=dev)/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b.*--omit=dev/m);
    expect(dockerfile).toMatch(/^COPY --from=\S+ \/app\/dist \.\/dist$/m);
  });

  it('keeps the files the code reads at run time, in the repository layout', () => {
    // Where each file of the build context lands, relative to WORKDIR (COPY lines without --from).
    const landed = dockerfile
      .split('\n')
      .filter((line) => /^COPY\s/.test(line) && !/--from=/.test(line))
      .flatMap((line) => {
        const args = line
          .trim()
          .split(/\s+/)
          .slice(1)
          .filter((a) => !a.startsWith('--'));
        const dest = args.pop() ?? '';
        const intoDir = dest.endsWith('/') || args.length > 1;
        return args.map((src) => [src, posix.normalize(intoDir ? posix.join(dest, posix.basename(src)) : dest)] as const);
      });
    for (const path of ['libs/mail/templates', 'apps/api/src/i18n/vi.json', 'plans', 'package.json', 'package-lock.json']) {
      expect(existsSync(join(root, path))).toBe(true);
      expect(landed).toContainEqual([path, path]);
    }
  });

  it("never turns the X-Dondoc-Actor header on; the api listens on the container's interfaces", () => {
    expect(dockerfile).not.toMatch(/APP_ACTOR_HEADER/);
    expect(dockerfile).toMatch(/^\s*APP_HOST=0\.0\.0\.0\b/m);
  });

  it('runs the api by default, from its bundle', () => {
    const cmd = dockerfile.match(/^CMD\s+(.+)$/m)?.[1];
    expect(cmd && (JSON.parse(cmd) as string[])).toEqual(expect.arrayContaining(['node', API_BUNDLE]));
    expect(sourceOfBuiltFile(root, API_BUNDLE)).toBe('apps/api/src/main.ts');
  });

  it('leaves local state out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.git', 'coverage']));
  });
});
