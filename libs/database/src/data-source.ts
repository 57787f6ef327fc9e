import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * The role the api and the worker run as (created by migration AppRole1796190000000): it may read and write the
 * tables and append to the audit trail, never change or delete an audit row, nor change the schema.
 */
export const APP_DB_ROLE = 'dondoc_app';

export interface CreateDataSourceOptions {
  applicationName?: string;
  poolSize?: number;
  /** Every pooled connection runs as this role (`SET ROLE` at connection start); the URL's user must be allowed to. */
  role?: string;
}

/** The one data source definition. Never synchronize: the schema changes only through committed migrations. */
export function createDataSource(url: string, options: CreateDataSourceOptions = {}): DataSource {
  const connection = options.role ? connectAs(url, options.role) : { url, extra: {} };
  return new DataSource({
    type: 'postgres',
    url: connection.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    applicationName: options.applicationName ?? 'dondoc',
    poolSize: options.poolSize ?? 10,
    connectTimeoutMS: 5000,
    extra: connection.extra,
  });
}

/**
 * The startup option `-c role=…` makes the server switch role as each connection opens. pg lets an `options`
 * parameter in the URL win over the one in the configuration, so one found there moves into the configuration.
 */
function connectAs(url: string, role: string): { url: string; extra: { options: string } } {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`invalid database role name ${role}`);
  let fromUrl = '';
  try {
    const u = new URL(url);
    fromUrl = u.searchParams.get('options') ?? '';
    if (fromUrl) {
      u.searchParams.delete('options');
      url = u.toString();
    }
  } catch {
    // not a WHATWG URL (a bare socket path, say): pg reads it on its own
  }
  return { url, extra: { options: [fromUrl, `-c role=${role}`].filter(Boolean).join(' ') } };
}

/** Applies pending migrations as the URL's user (the schema owner); returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource(url, { applicationName: 'dondoc-migrate', poolSize: 1 });
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
