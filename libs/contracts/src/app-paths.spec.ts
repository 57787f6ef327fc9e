import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config/src/project-root.js';
import { appPaths } from './app-paths.js';

describe('the web app addresses the mails and redirects link to', () => {
  it('encode the plan and the step, under /app/', () => {
    expect(appPaths.step('HG/2023', 'I01.4 thôn')).toBe('/app/ke-hoach/HG%2F2023/buoc/I01.4%20th%C3%B4n');
    expect(appPaths.plan('HG-2023')).toBe('/app/ke-hoach/HG-2023');
    expect([appPaths.myWork(), appPaths.plans(), appPaths.approvals(), appPaths.monitoring()]).toEqual([
      '/app/',
      '/app/ke-hoach',
      '/app/phe-duyet',
      '/app/giam-sat',
    ]);
  });

  it('are routes of the app (apps/web/src/App.tsx; the step route is walked in pages/PlanPage.test.tsx)', () => {
    const app = readFileSync(join(projectRoot(), 'apps', 'web', 'src', 'App.tsx'), 'utf8');
    for (const path of ["path: 'phe-duyet'", "path: 'giam-sat'", "path: 'ke-hoach'", "path: 'ke-hoach/:planId'", "path: 'buoc/:stepId'"])
      expect({ path, routed: app.includes(path) }).toEqual({ path, routed: true });
  });
});
