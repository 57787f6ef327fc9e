import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The api's bundle, which npm start, the Docker image, docker-compose.yml and deploy/k8s run. */
export const API_BUNDLE = 'dist/apps/api/bundle/main.mjs';

/**
 * The TypeScript file a command's `dist/…` file is built from by `npm run build`: tsc makes dist/<path>.js from
 * <path>.ts (tsconfig.build.json); scripts/bundle-api.mjs makes the api's bundle from the api's compiled main, and
 * only when the build script runs it and its input is that main. Throws for a file the build does not make.
 */
export function sourceOfBuiltFile(root: string, file: string): string {
  if (file === API_BUNDLE) {
    const build = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.build;
    const bundler = readFileSync(join(root, 'scripts', 'bundle-api.mjs'), 'utf8');
    if (!build.includes('node scripts/bundle-api.mjs') || !/\bmain: join\(src, 'main\.js'\)/.test(bundler))
      throw new Error(`${file}: npm run build does not bundle the api's main`);
    return 'apps/api/src/main.ts';
  }
  if (!/^dist\/.+\.js$/.test(file)) throw new Error(`${file}: not a file tsc writes to dist/`);
  return file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}
