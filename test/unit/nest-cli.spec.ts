// nest-cli.json is the map of the monorepo for the Nest CLI (`nest generate … --project <name>`) and editors' Nest
// tooling; the build itself is `tsc -p tsconfig.build.json` and does not read it. So that the map does not go stale
// unnoticed, it must name every folder of apps/ and libs/ — an app with its entry file — and nothing else.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

interface NestProject {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile?: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as {
  compilerOptions?: { tsConfigPath?: string };
  projects: Record<string, NestProject>;
};
// apps/web is the browser app (Vite, React), not a Nest project: it has its own build (scripts/build-web.mjs).
const NOT_NEST = new Set(['apps/web']);
const folders = (dir: string) =>
  readdirSync(join(root, dir)).filter((f) => statSync(join(root, dir, f)).isDirectory() && !NOT_NEST.has(`${dir}/${f}`));

describe('nest-cli.json', () => {
  it('names every app and lib folder, and only those, under the folder name', () => {
    const expected = [
      ...folders('apps').map((name) => ({ name, type: 'application', root: `apps/${name}`, sourceRoot: `apps/${name}/src` })),
      ...folders('libs').map((name) => ({ name, type: 'library', root: `libs/${name}`, sourceRoot: `libs/${name}/src` })),
    ].sort((a, b) => a.name.localeCompare(b.name));
    const listed = Object.entries(nest.projects)
      .map(([name, p]) => ({ name, type: p.type, root: p.root, sourceRoot: p.sourceRoot }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(listed).toEqual(expected);
  });

  it("points each app at its entry file and at the build's tsconfig", () => {
    for (const [name, p] of Object.entries(nest.projects).filter(([, p]) => p.type === 'application')) {
      const entry = `${p.sourceRoot}/${p.entryFile ?? 'main'}.ts`;
      expect({ name, entry, exists: existsSync(join(root, entry)) }).toEqual({ name, entry, exists: true });
    }
    expect(existsSync(join(root, nest.compilerOptions?.tsConfigPath ?? 'missing'))).toBe(true);
  });
});
