import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { embeddedPostgresDir, ensureDatabase, startEmbeddedPostgres } from '#libs/database/src/provision.js';
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

  it('as root from a folder the postgres user cannot enter (a clone under /root), npm start keeps the data under /var/tmp and starts', async () => {
    const hidden = mkdtempSync(join(tmpdir(), 'dondoc-epg-private-')); // mode 0700, like /root
    const base = mkdtempSync(join(tmpdir(), 'dondoc-epg-vartmp-'));
    chmodSync(base, 0o755); // stands for /var/tmp
    try {
      expect(embeddedPostgresDir(join(hidden, '.data'), { root: false })).toBe(join(hidden, '.data', 'postgres'));
      const dir = embeddedPostgresDir(join(hidden, '.data'), { root: true, base });
      expect(dir).toMatch(new RegExp(`^${base}/dondoc-postgres-[0-9a-f]{12}/postgres$`));
      expect(embeddedPostgresDir(join(hidden, '.data'), { root: true, base })).toBe(dir); // the same folder at every start
      if (process.getuid?.() !== 0) return;
      mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
      const server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), log: () => undefined });
      try {
        const c = new pg.Client({ connectionString: await ensureDatabase(server.url, 'dondoc') });
        await c.connect();
        expect((await c.query(`SELECT current_user AS u`)).rows).toEqual([{ u: 'postgres' }]);
        await c.end();
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(hidden, { recursive: true, force: true });
      rmSync(base, { recursive: true, force: true });
    }
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
