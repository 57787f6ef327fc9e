import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/project-root.js';

/** The prebuilt workflow bundle (npm run build), else the compiled workflow sources to bundle at start. */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const root = projectRoot();
  const bundle = join(root, 'dist', 'workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: join(root, 'dist', 'workflows', 'src', 'index.js') };
}
