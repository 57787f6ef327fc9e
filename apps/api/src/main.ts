import { ConfigError, loadAppConfig } from '../../../libs/config/src/index.js';
import { createApiApp } from './app.factory.js';

try {
  const config = loadAppConfig();
  const app = await createApiApp();
  await app.listen(config.port, '0.0.0.0');
  console.log(`dondoc api listening on ${config.baseUrl}`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `dondoc api cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
