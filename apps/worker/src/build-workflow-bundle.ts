// Bundles the workflow code once at build time; fails loudly so a broken bundle never ships.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { projectRoot } from '#libs/config/src/project-root.js';

const root = projectRoot();
try {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(root, 'dist', 'workflows', 'src', 'index.js'),
    logger: new DefaultLogger('WARN'),
  });
  writeFileSync(join(root, 'dist', 'workflow-bundle.js'), code);
  console.log(`workflow bundle: ${(code.length / 1024).toFixed(0)} KiB`);
} catch (err) {
  console.error('Cannot bundle the workflows:', err);
  process.exit(1);
}
