import type { DataSource } from 'typeorm';
import { ConfigError, processEnv, readEnv } from '#libs/config/src/index.js';
import { APP_DB_ROLE, createDataSource } from '#libs/database/src/index.js';

/**
 * The database of the commands that need one (DATABASE_URL), as the app's role. Without DATABASE_URL the command is
 * used wrongly: `usage` makes the error that says so (exit 2). The caller destroys the data source.
 */
export async function openAppDatabase(usage: (message: string) => Error): Promise<DataSource> {
  let url: string;
  try {
    url = readEnv(processEnv(), ['DATABASE_URL']).DATABASE_URL;
  } catch (err) {
    throw usage(err instanceof ConfigError ? err.message : String(err));
  }
  return createDataSource(url, { applicationName: 'dondoc-cli', poolSize: 1, role: APP_DB_ROLE }).initialize();
}
