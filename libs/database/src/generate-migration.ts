// Dev tool: `npm run migration:generate -- <PascalName>` writes the SQL TypeORM needs to bring a migrated database
// to the entities. Read the file before committing it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAppConfig } from '#libs/config/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { createDataSource } from './data-source.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- <PascalName>');
  process.exit(2);
}
const { databaseUrl } = loadAppConfig({ ...process.env, TEMPORAL_ADDRESS: 'unused:1', SMTP_URL: 'smtp://unused' });
const ds = createDataSource(databaseUrl);
await ds.initialize();
await ds.runMigrations();
const sql = await ds.driver.createSchemaBuilder().log();
await ds.destroy();
if (!sql.upQueries.length) {
  console.log('The entities match the migrations: nothing to generate.');
  process.exit(0);
}
const ts = Date.now();
const q = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((u) => `    await q.query(${q(u.query)});`).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((d) => `    await q.query(${q(d.query)});`)
  .join('\n')}
  }
}
`;
const file = join(projectRoot(), 'libs', 'database', 'src', 'migrations', `${ts}-${name}.ts`);
writeFileSync(file, body);
console.log(`wrote ${file}; add it to migrations/index.ts`);
