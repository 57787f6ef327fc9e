import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { appLoginUrl } from './database-login.js';
import { ENV, type EnvName, type EnvVar } from './env-schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: { name: string; expected: string; missing: boolean }[]) {
    super(
      'Cannot start. Fix these environment variables:\n' +
        problems.map((p) => `  - ${p.name}: ${p.missing ? 'missing' : 'invalid value'}; expected ${p.expected}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Parsed<N extends EnvName> = (typeof ENV)[N] extends EnvVar<infer T> ? T : never;
export type Env = Record<string, string | undefined>;

/** Reads the named variables; collects every problem, never prints a value. */
export function readEnv<R extends EnvName, O extends EnvName>(
  env: Env,
  required: readonly R[],
  optional: readonly O[] = [],
): { [K in R]: Parsed<K> } & { [K in O]?: Parsed<K> } {
  const out: Record<string, unknown> = {};
  const problems: ConfigError['problems'] = [];
  for (const name of [...required, ...optional]) {
    const spec = ENV[name] as EnvVar<unknown>;
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if ((required as readonly string[]).includes(name)) problems.push({ name, expected: spec.expected, missing: true });
      continue;
    }
    const value = spec.parse(raw);
    if (value === undefined) problems.push({ name, expected: spec.expected, missing: false });
    else out[name] = value;
  }
  if (problems.length) throw new ConfigError(problems);
  return out as never;
}

/** How long the api waits for a step's Update by default (TEMPORAL_UPDATE_TIMEOUT_MS). */
export const DEFAULT_UPDATE_TIMEOUT_MS = 20_000;

export interface AppConfig {
  /** DATABASE_URL: the database, as its owner (migrations); the apps connect with appDatabaseUrl when there is one. */
  databaseUrl: string;
  /**
   * The URL the api and the worker connect with, as the login role dondoc_app (not a superuser): DATABASE_APP_URL, or
   * DATABASE_URL with that user and the password derived from APP_SECRET. Unset (neither given): DATABASE_URL, and the
   * apps refuse to start if its user is a superuser.
   */
  appDatabaseUrl?: string;
  /**
   * updateTimeoutMs: how long the api waits for Temporal to answer a step's Update before it answers 503 with
   * Retry-After (TEMPORAL_UPDATE_TIMEOUT_MS; unset, DEFAULT_UPDATE_TIMEOUT_MS).
   */
  temporal: { address: string; namespace: string; taskQueue: string; maxChildren?: number; updateTimeoutMs?: number };
  smtp: { url: string; from: string };
  port: number;
  /** The address the api listens on: 127.0.0.1 (this machine only) unless APP_HOST says otherwise. */
  host: string;
  baseUrl: string;
  /** The built-in SMTP catcher's folder: /mailbox shows it, to requests from this machine only. */
  mailboxDir?: string;
  /** Whether the X-Dondoc-Actor header may name the acting role (development and tests only; from this machine only). */
  actorHeader: boolean;
  /** Derives action-link references in mails (HMAC key); unset, the worker makes one per start. */
  secret?: string;
  /** Requests per minute one client may make to /api/v1 (token bucket); unset, DEFAULT_RATE_LIMIT_PER_MIN. */
  rateLimitPerMin?: number;
}

export const DEFAULT_RATE_LIMIT_PER_MIN = 600;
/** Where the api listens unless APP_HOST says otherwise: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

/** The URL of the api on `host`: 127.0.0.1 when it listens there or on every interface, else that address. */
export function defaultBaseUrl(host: string, port: number): string {
  const any = ['0.0.0.0', '::', '127.0.0.1', 'localhost', '::1'].includes(host);
  return `http://${any ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The configuration of the api and the worker: everything is provided (by `npm start` or by the operator). */
export function loadAppConfig(env: Env = process.env): AppConfig {
  // With DATABASE_APP_URL the apps need no owner URL at all (`npm start` gives them only that one).
  const appUrl = env.DATABASE_APP_URL ? readEnv(env, ['DATABASE_APP_URL']).DATABASE_APP_URL : undefined;
  const v = readEnv(
    env,
    [...(appUrl ? [] : ['DATABASE_URL' as const]), 'TEMPORAL_ADDRESS', 'SMTP_URL'],
    [
      ...(appUrl ? ['DATABASE_URL' as const] : []),
      'TEMPORAL_NAMESPACE',
      'TEMPORAL_TASK_QUEUE',
      'TEMPORAL_MAX_CHILDREN',
      'TEMPORAL_UPDATE_TIMEOUT_MS',
      'SMTP_FROM',
      'APP_PORT',
      'PORT',
      'APP_HOST',
      'APP_BASE_URL',
      'APP_MAILBOX_DIR',
      'APP_ACTOR_HEADER',
      'APP_SECRET',
      'APP_RATE_LIMIT_PER_MIN',
    ],
  );
  const port = v.APP_PORT ?? v.PORT ?? 3000;
  const databaseUrl = v.DATABASE_URL ?? appUrl!;
  const appDatabaseUrl = appUrl ?? (v.APP_SECRET ? appLoginUrl(databaseUrl, v.APP_SECRET) : undefined);
  return {
    databaseUrl,
    ...(appDatabaseUrl ? { appDatabaseUrl } : {}),
    temporal: {
      address: v.TEMPORAL_ADDRESS,
      namespace: v.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: v.TEMPORAL_TASK_QUEUE ?? 'dondoc-steps',
      maxChildren: v.TEMPORAL_MAX_CHILDREN,
      updateTimeoutMs: v.TEMPORAL_UPDATE_TIMEOUT_MS,
    },
    smtp: { url: v.SMTP_URL, from: v.SMTP_FROM ?? 'UBND xã Hà Giang <no-reply@hagiang.example.org>' },
    port,
    host: v.APP_HOST ?? DEFAULT_HOST,
    baseUrl: (v.APP_BASE_URL ?? defaultBaseUrl(v.APP_HOST ?? DEFAULT_HOST, port)).replace(/\/$/, ''),
    mailboxDir: v.APP_MAILBOX_DIR,
    actorHeader: v.APP_ACTOR_HEADER ?? false,
    secret: v.APP_SECRET,
    rateLimitPerMin: v.APP_RATE_LIMIT_PER_MIN,
  };
}

export interface LauncherConfig {
  databaseUrl?: string;
  temporalAddress?: string;
  temporalCliPath?: string;
  smtpUrl?: string;
  port: number;
  dataDir: string;
  cacheDir: string;
  embeddedPgPort: number;
  temporalPort: number;
  smtpCatcherPort: number;
  seedPlan: string;
  rehearsalSpeed: number;
  /** The X-Dondoc-Actor header: off unless APP_ACTOR_HEADER=on is set by hand (and then from this machine only). */
  actorHeader: boolean;
  /** APP_HOST as given (the api's default, 127.0.0.1, when unset). */
  host: string;
  secret?: string;
}

/** The configuration of `npm start`: what is not given is provisioned locally. */
export function loadLauncherConfig(env: Env = process.env, cwd = process.cwd()): LauncherConfig {
  const v = readEnv(
    env,
    [],
    [
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_CLI_PATH',
      'SMTP_URL',
      'SMTP_FROM',
      'APP_PORT',
      'PORT',
      'APP_HOST',
      'APP_DATA_DIR',
      'APP_CACHE_DIR',
      'APP_EMBEDDED_PG_PORT',
      'APP_TEMPORAL_PORT',
      'APP_SMTP_CATCHER_PORT',
      'APP_SEED_PLAN',
      'APP_REHEARSAL_SPEED',
      'TEMPORAL_NAMESPACE',
      'TEMPORAL_TASK_QUEUE',
      'APP_BASE_URL',
      'APP_ACTOR_HEADER',
      'APP_SECRET',
    ],
  );
  return {
    databaseUrl: v.DATABASE_URL,
    temporalAddress: v.TEMPORAL_ADDRESS,
    temporalCliPath: v.TEMPORAL_CLI_PATH,
    smtpUrl: v.SMTP_URL,
    port: v.APP_PORT ?? v.PORT ?? 3000,
    dataDir: resolve(cwd, v.APP_DATA_DIR ?? '.data'),
    cacheDir: resolve(cwd, v.APP_CACHE_DIR ?? defaultCacheDir(env)),
    embeddedPgPort: v.APP_EMBEDDED_PG_PORT ?? 54329,
    temporalPort: v.APP_TEMPORAL_PORT ?? 7233,
    smtpCatcherPort: v.APP_SMTP_CATCHER_PORT ?? 1025,
    seedPlan: resolve(cwd, v.APP_SEED_PLAN ?? 'plans/ha-giang-2023.yaml'),
    rehearsalSpeed: v.APP_REHEARSAL_SPEED ?? 1,
    actorHeader: v.APP_ACTOR_HEADER ?? false,
    host: v.APP_HOST ?? DEFAULT_HOST,
    secret: v.APP_SECRET,
  };
}

export function defaultCacheDir(env: Env = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'dondoc');
}

/** The settings of `npm run cluster`'s Temporal cluster (libs/temporal/src/cluster.ts). */
export interface ClusterConfig {
  /** The first of the cluster's 16 ports: its frontend's gRPC port. */
  port: number;
  logLevel: string;
}

export function loadClusterConfig(env: Env = process.env): ClusterConfig {
  const v = readEnv(env, [], ['APP_CLUSTER_PORT', 'TEMPORAL_LOG_LEVEL']);
  return { port: v.APP_CLUSTER_PORT ?? 7233, logLevel: v.TEMPORAL_LOG_LEVEL ?? 'warn' };
}

/** The raw environment for child processes and tools; the one other place allowed to see `process.env`. */
export const processEnv = (): Env => ({ ...process.env });

/** How the api and the worker are operated: probes, shutdown, metrics, logs (docs/operations.md). */
export interface OpsConfig {
  metricsToken?: string;
  shutdownDelayMs: number;
  shutdownTimeoutMs: number;
  logFormat: 'text' | 'json';
  /** The worker's HTTP port for probes and metrics; unset, none. */
  workerPort?: number;
}

export function loadOpsConfig(env: Env = process.env): OpsConfig {
  const v = readEnv(
    env,
    [],
    ['APP_METRICS_TOKEN', 'APP_SHUTDOWN_DELAY_MS', 'APP_SHUTDOWN_TIMEOUT_MS', 'APP_LOG_FORMAT', 'APP_WORKER_PORT'],
  );
  return {
    metricsToken: v.APP_METRICS_TOKEN,
    shutdownDelayMs: v.APP_SHUTDOWN_DELAY_MS ?? 0,
    shutdownTimeoutMs: v.APP_SHUTDOWN_TIMEOUT_MS ?? 25_000,
    logFormat: v.APP_LOG_FORMAT ?? 'text',
    workerPort: v.APP_WORKER_PORT,
  };
}

/** Dependency-injection token of the validated AppConfig. */
export const APP_CONFIG = 'APP_CONFIG';
