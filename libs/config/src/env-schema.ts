/**
 * The environment variables dondoc reads, described once. Only this library reads `process.env`.
 * Each entry says what is expected so a bad value stops the start with a message naming the variable.
 */
export interface EnvVar<T> {
  readonly name: string;
  readonly expected: string;
  readonly parse: (raw: string) => T | undefined;
}

const url = (protocols: string[]) => (raw: string) => {
  try {
    const u = new URL(raw);
    return protocols.includes(u.protocol.replace(/:$/, '')) ? raw : undefined;
  } catch {
    return undefined;
  }
};
const port = (raw: string) => {
  const n = Number(raw);
  return /^\d+$/.test(raw) && n > 0 && n < 65536 ? n : undefined;
};
const hostPort = (raw: string) => {
  const m = /^[A-Za-z0-9.\-\[\]:]+:(\d{1,5})$/.exec(raw);
  return m && port(m[1]) !== undefined ? raw : undefined;
};
/** A host name or an IP address to listen on: 127.0.0.1, 0.0.0.0, ::, ::1, or a name such as localhost. */
const listenHost = (raw: string) => (/^[A-Za-z0-9.-]{1,253}$/.test(raw) || /^[0-9A-Fa-f:.]{2,45}$/.test(raw) ? raw : undefined);
const nonEmpty = (raw: string) => (raw.trim() ? raw.trim() : undefined);
const identifier = (raw: string) => (/^[A-Za-z0-9._-]+$/.test(raw) ? raw : undefined);
const mailbox = (raw: string) => (/^(.*<)?[^@<>\s]+@[^@<>\s]+>?$/.test(raw.trim()) ? raw.trim() : undefined);

export const ENV = {
  DATABASE_URL: {
    name: 'DATABASE_URL',
    expected: 'a PostgreSQL URL, e.g. postgres://user@127.0.0.1:5432/dondoc',
    parse: url(['postgres', 'postgresql']),
  },
  DATABASE_APP_URL: {
    name: 'DATABASE_APP_URL',
    expected:
      'the PostgreSQL URL the api and the worker connect with, as a login role that is not a superuser (default: DATABASE_URL with user dondoc_app and a password derived from APP_SECRET)',
    parse: url(['postgres', 'postgresql']),
  },
  TEMPORAL_ADDRESS: { name: 'TEMPORAL_ADDRESS', expected: 'host:port of a Temporal frontend, e.g. 127.0.0.1:7233', parse: hostPort },
  TEMPORAL_NAMESPACE: { name: 'TEMPORAL_NAMESPACE', expected: 'a Temporal namespace name, e.g. default', parse: identifier },
  TEMPORAL_TASK_QUEUE: { name: 'TEMPORAL_TASK_QUEUE', expected: 'a task queue name, e.g. dondoc-steps', parse: identifier },
  TEMPORAL_MAX_CHILDREN: {
    name: 'TEMPORAL_MAX_CHILDREN',
    expected: 'child workflows per plan-run workflow, an integer from 2 to 170 (default 170)',
    parse: (raw: string) => (/^\d+$/.test(raw) && Number(raw) >= 2 && Number(raw) <= 170 ? Number(raw) : undefined),
  },
  TEMPORAL_UPDATE_TIMEOUT_MS: {
    name: 'TEMPORAL_UPDATE_TIMEOUT_MS',
    expected:
      'milliseconds the api waits for Temporal to answer a submission, approval or other change of a step before it answers 503 with Retry-After (1000 to 120000; default 20000)',
    parse: (raw: string) => (/^\d+$/.test(raw) && Number(raw) >= 1000 && Number(raw) <= 120_000 ? Number(raw) : undefined),
  },
  TEMPORAL_LOG_LEVEL: {
    name: 'TEMPORAL_LOG_LEVEL',
    expected: 'the log level of the Temporal cluster of `npm run cluster`: debug, info, warn (default) or error',
    parse: (raw: string) => (['debug', 'info', 'warn', 'error'].includes(raw) ? raw : undefined),
  },
  TEMPORAL_CLI_PATH: { name: 'TEMPORAL_CLI_PATH', expected: 'the path of a `temporal` CLI binary (v1.5.x)', parse: nonEmpty },
  SMTP_URL: {
    name: 'SMTP_URL',
    expected: 'an SMTP URL, e.g. smtp://127.0.0.1:1025 or smtps://user:pass@mail.example.org:465',
    parse: url(['smtp', 'smtps']),
  },
  SMTP_FROM: { name: 'SMTP_FROM', expected: 'a sender address, e.g. "UBND xã Hà Giang <no-reply@hagiang.example.org>"', parse: mailbox },
  APP_PORT: { name: 'APP_PORT', expected: 'a TCP port (1-65535) for the web app and API', parse: port },
  PORT: { name: 'PORT', expected: 'a TCP port (1-65535) for the web app and API (APP_PORT wins when both are set)', parse: port },
  APP_HOST: {
    name: 'APP_HOST',
    expected: 'the address the api listens on (default 127.0.0.1, this machine only), e.g. 0.0.0.0 for every interface',
    parse: listenHost,
  },
  APP_BASE_URL: {
    name: 'APP_BASE_URL',
    expected: 'the public URL of the web app, e.g. http://127.0.0.1:3000',
    parse: url(['http', 'https']),
  },
  APP_MAILBOX_DIR: {
    name: 'APP_MAILBOX_DIR',
    expected: 'a folder where the built-in SMTP catcher stores mail (enables /mailbox)',
    parse: nonEmpty,
  },
  APP_DATA_DIR: {
    name: 'APP_DATA_DIR',
    expected: 'a folder for local data (embedded PostgreSQL, Temporal database, mailbox)',
    parse: nonEmpty,
  },
  APP_CACHE_DIR: {
    name: 'APP_CACHE_DIR',
    expected: 'a folder outside the repository for built tools (the temporal binary)',
    parse: nonEmpty,
  },
  APP_EMBEDDED_PG_PORT: { name: 'APP_EMBEDDED_PG_PORT', expected: 'a TCP port for the embedded PostgreSQL', parse: port },
  APP_TEMPORAL_PORT: { name: 'APP_TEMPORAL_PORT', expected: 'a TCP port for the local Temporal dev server', parse: port },
  APP_CLUSTER_PORT: {
    name: 'APP_CLUSTER_PORT',
    expected:
      'the first of 16 TCP ports in a row for the Temporal cluster of `npm run cluster` (its frontend gRPC port; default 7233), at most 32752: Temporal keeps membership ports in a smallint column',
    parse: (raw: string) => (port(raw) !== undefined && Number(raw) <= 32_752 ? Number(raw) : undefined),
  },
  APP_METRICS_TOKEN: {
    name: 'APP_METRICS_TOKEN',
    expected:
      'a token of at least 16 characters: /metrics answers other machines that send it as `Authorization: Bearer <token>` (unset: this machine only)',
    parse: (raw: string) => (raw.length >= 16 ? raw : undefined),
  },
  APP_SHUTDOWN_DELAY_MS: {
    name: 'APP_SHUTDOWN_DELAY_MS',
    expected:
      'milliseconds from SIGTERM during which /health/ready says 503 while requests are still served, so a load balancer stops sending (0 to 60000; default 0)',
    parse: (raw: string) => (/^\d+$/.test(raw) && Number(raw) <= 60_000 ? Number(raw) : undefined),
  },
  APP_SHUTDOWN_TIMEOUT_MS: {
    name: 'APP_SHUTDOWN_TIMEOUT_MS',
    expected:
      'milliseconds a stopping api waits for its requests in flight, or a stopping worker for its tasks, before closing anyway (1000 to 600000; default 25000)',
    parse: (raw: string) => (/^\d+$/.test(raw) && Number(raw) >= 1000 && Number(raw) <= 600_000 ? Number(raw) : undefined),
  },
  APP_LOG_FORMAT: {
    name: 'APP_LOG_FORMAT',
    expected: 'text (default, for people) or json (one JSON object a line, with the plan and step ids, for a log collector)',
    parse: (raw: string) => (raw === 'json' || raw === 'text' ? raw : undefined),
  },
  APP_WORKER_PORT: {
    name: 'APP_WORKER_PORT',
    expected: 'a TCP port where the worker answers /health/live, /health/ready and /metrics (unset: no HTTP port)',
    parse: port,
  },
  APP_SMTP_CATCHER_PORT: { name: 'APP_SMTP_CATCHER_PORT', expected: 'a TCP port for the built-in SMTP catcher', parse: port },
  APP_SEED_PLAN: { name: 'APP_SEED_PLAN', expected: 'the plan file loaded at start, e.g. plans/ha-giang-2023.yaml', parse: nonEmpty },
  APP_ACTOR_HEADER: {
    name: 'APP_ACTOR_HEADER',
    expected:
      'on or off (default off): whether the X-Dondoc-Actor header may name the acting role, for development and tests; even on, only requests from this machine (127.0.0.1, ::1) may use it',
    parse: (raw: string) => (raw === 'on' ? true : raw === 'off' ? false : undefined),
  },
  APP_SECRET: {
    name: 'APP_SECRET',
    expected: 'a random secret of at least 32 characters (derives the references of action links in mails)',
    parse: (raw: string) => (raw.length >= 32 ? raw : undefined),
  },
  APP_RATE_LIMIT_PER_MIN: {
    name: 'APP_RATE_LIMIT_PER_MIN',
    expected: 'requests per minute one client may make to /api/v1, an integer from 1 to 1000000 (default 600)',
    parse: (raw: string) => (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 1_000_000 ? Number(raw) : undefined),
  },
  APP_REHEARSAL_SPEED: {
    name: 'APP_REHEARSAL_SPEED',
    expected: 'plan seconds per real second for the seed rehearsal (a number > 0, 1 = real pace)',
    parse: (raw: string) => (Number.isFinite(Number(raw)) && Number(raw) > 0 ? Number(raw) : undefined),
  },
} as const satisfies Record<string, EnvVar<unknown>>;

export type EnvName = keyof typeof ENV;
