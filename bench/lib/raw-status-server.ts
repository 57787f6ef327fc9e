// The baseline of the status benchmark: node:http + pg, no framework, answering each request with the SQL the api
// ran for the same request (recorded by record-sql.ts), serialised as JSON. Usage: node raw-status-server.js <sql.jsonl> <port>
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';

const [file, port] = process.argv.slice(2);
const queries: { text: string; values: unknown[] }[] = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
createServer((_req, res) => void answer(res)).listen(Number(port), '127.0.0.1', () => console.log(`raw status server on ${port}`));

async function answer(res: ServerResponse): Promise<void> {
  try {
    const rows = await Promise.all(queries.map((q) => pool.query(q.text, q.values).then((r) => r.rows)));
    const body = JSON.stringify(rows);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } catch (err) {
    res.writeHead(500);
    res.end(String(err));
  }
}
