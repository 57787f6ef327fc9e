import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/project-root.js';

/**
 * The web app's typed client is generated from the API's OpenAPI document at build time (scripts/build-web.mjs), so a
 * change of the API that breaks the app fails the build. Here, on a copy of apps/web/src: the document `npm run build`
 * exported (dist/openapi.json) type-checks; the same document with one field the app reads renamed (WorkItem.title →
 * stepTitle, as a careless API change would) does not, and tsc names the field.
 */
const root = projectRoot();
const node = process.execPath;
const bin = (pkg: string, file: string) => join(root, 'node_modules', pkg, file);

function typeCheck(doc: unknown, dir: string): { status: number | null; out: string } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'apps', 'web', 'src'), join(dir, 'src'), { recursive: true, filter: (p) => !p.endsWith('schema.gen.ts') });
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
  const gen = spawnSync(
    node,
    [bin('openapi-typescript', 'bin/cli.js'), join(dir, 'openapi.json'), '--output', join(dir, 'src', 'api', 'schema.gen.ts'), '--silent'],
    { encoding: 'utf8' },
  );
  expect(gen.status).toBe(0);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(root, 'apps', 'web', 'tsconfig.json'), include: ['src'] }));
  const tsc = spawnSync(node, [bin('typescript', 'bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: tsc.status, out: `${tsc.stdout}${tsc.stderr}` };
}

describe('the web app against the API document', () => {
  const dir = join(root, 'dist', 'web-contract-check');

  it('type-checks against the document the api serves, and fails when the API renames a field the app reads', () => {
    const doc = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
    try {
      expect(typeCheck(doc, dir)).toEqual({ status: 0, out: '' });
      const item = doc.components.schemas.WorkItem;
      item.properties.stepTitle = item.properties.title;
      delete item.properties.title;
      item.required = item.required.map((r: string) => (r === 'title' ? 'stepTitle' : r));
      const broken = typeCheck(doc, dir);
      expect(broken.status).not.toBe(0);
      expect(broken.out).toMatch(/error TS\d+: Property 'title' does not exist on type/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
