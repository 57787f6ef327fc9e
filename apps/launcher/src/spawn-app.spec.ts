import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appScript } from './spawn-app.js';

describe('the script npm start runs an app from', () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'dondoc-app-script-'));
    mkdirSync(join(root, 'dist', 'apps', 'api', 'src'), { recursive: true });
    writeFileSync(join(root, 'dist', 'apps', 'api', 'src', 'main.js'), '');
    return root;
  };
  const bundle = (root: string, secondsAfterMain: number) => {
    mkdirSync(join(root, 'dist', 'apps', 'api', 'bundle'), { recursive: true });
    const file = join(root, 'dist', 'apps', 'api', 'bundle', 'main.mjs');
    writeFileSync(file, '');
    const main = new Date('2026-12-07T10:00:00Z');
    utimesSync(join(root, 'dist', 'apps', 'api', 'src', 'main.js'), main, main);
    const t = new Date(main.getTime() + secondsAfterMain * 1000);
    utimesSync(file, t, t);
  };

  it('the bundle the build made from the current main.js', () => {
    const root = project();
    bundle(root, 5);
    expect(appScript(root, 'api')).toBe(join(root, 'dist', 'apps', 'api', 'bundle', 'main.mjs'));
  });

  it('main.js when there is no bundle, or when main.js was compiled after it (tsc alone, no bundling)', () => {
    const root = project();
    expect(appScript(root, 'api')).toBe(join(root, 'dist', 'apps', 'api', 'src', 'main.js'));
    bundle(root, -5);
    expect(appScript(root, 'api')).toBe(join(root, 'dist', 'apps', 'api', 'src', 'main.js'));
  });
});
