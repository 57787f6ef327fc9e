import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/** The one data source definition. Never synchronize: the schema changes only through committed migrations. */
export function createDataSource(url: string, options: { applicationName?: string; poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    applicationName: options.applicationName ?? 'dondoc',
    poolSize: options.poolSize ?? 10,
    connectTimeoutMS: 5000,
  });
}

/** Applies pending migrations; returns the names applied. */
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
