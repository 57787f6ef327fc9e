import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '../../libs/database/src/provision.js';
import { freePort } from '../utils/ports.js';

/** The PostgreSQL `npm start` runs when DATABASE_URL is not set: from an npm package, data kept across restarts. */
describe('embedded PostgreSQL', () => {
  it('refuses, with the fix, a data folder the postgres user cannot reach when run as root', async () => {
    if (process.getuid?.() !== 0) return expect(process.getuid?.()).not.toBe(0);
    const hidden = mkdtempSync(join(tmpdir(), 'dondoc-epg-private-')); // mode 0700
    await expect(startEmbeddedPostgres({ dataDir: join(hidden, 'pg'), port: await freePort(), log: () => undefined })).rejects.toThrow(
      `cannot enter ${hidden}`,
    );
    rmSync(hidden, { recursive: true, force: true });
  });

  it('initialises once, keeps its data across a restart', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'dondoc-epg-'));
    chmodSync(parent, 0o755); // the server runs as user postgres when the suite runs as root
    const dir = join(parent, 'pg');
    const port = await freePort();
    const query = async (url: string, sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(sql)).rows;
      } finally {
        await c.end();
      }
    };
    try {
      const first = await startEmbeddedPostgres({ dataDir: dir, port, log: () => undefined });
      const url = await ensureDatabase(first.url, 'dondoc');
      await query(url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('còn đây')`);
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir: dir, port, log: () => undefined });
      expect(await ensureDatabase(second.url, 'dondoc')).toBe(url);
      expect(await query(url, `SELECT v FROM kept`)).toEqual([{ v: 'còn đây' }]);
      await second.stop();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
