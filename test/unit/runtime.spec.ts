// The tested Node.js version is named once, in .nvmrc (docs/runtime.md); package.json, @types/node and the CI run
// must agree with it. The Dockerfile's agreement is checked in docker-compose.spec.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '#libs/config/src/project-root.js';

const root = projectRoot();
const tested = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines?: { node?: string };
  devDependencies?: Record<string, string>;
};
const installedTypes = (
  JSON.parse(readFileSync(join(root, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as { version: string }
).version;

type Version = [number, number, number];
const parse = (v: string): Version => {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim());
  if (!m) throw new Error(`not a version: ${v}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
};
const atLeast = (v: Version, min: Version): boolean => {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
};
/** The lower bound of an `engines` range written as `>=X.Y[.Z]`, the only form this project uses. */
const lowerBound = (range: string): Version => {
  const m = /^>=\s*(\S+)$/.exec(range.trim());
  if (!m) throw new Error(`engines.node is not a plain lower bound: ${range}`);
  return parse(m[1]);
};

describe('the Node.js runtime', () => {
  it('is Node 24 LTS, one exact version in .nvmrc', () => {
    expect(tested).toMatch(/^24\.\d+\.\d+$/);
  });

  it('lets the tested version and Node 20.19 (npm start on the machines still on 20) through engines, nothing older', () => {
    const min = lowerBound(pkg.engines?.node ?? '');
    expect(atLeast(parse(tested), min)).toBe(true);
    expect(atLeast([20, 19, 0], min)).toBe(true);
    expect(atLeast([20, 18, 3], min)).toBe(false);
    expect(atLeast([18, 20, 0], min)).toBe(false);
  });

  it('type-checks against the tested major (@types/node, as declared and as installed)', () => {
    const major = parse(tested)[0];
    expect(parse(pkg.devDependencies?.['@types/node'] ?? '')[0]).toBe(major);
    expect(parse(installedTypes)[0]).toBe(major);
  });

  // .ci/run sets DONDOC_TESTED_NODE when it has put the tested Node first on PATH (or found the machine's new enough):
  // a CI run that fell back to an older Node fails here instead of passing as a Node 24 result.
  const ciExpects = process.env.DONDOC_TESTED_NODE;
  (ciExpects ? it : it.skip)('runs this suite on the tested major under .ci/run', () => {
    expect(ciExpects).toBe(tested);
    expect(parse(process.versions.node)[0]).toBeGreaterThanOrEqual(parse(tested)[0]);
  });
});
