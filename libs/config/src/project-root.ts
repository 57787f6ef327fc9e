import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json), found from this file whether run from source or dist. */
export function projectRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'libs', 'mail', 'templates')))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the dondoc project root above ${from}`);
    dir = up;
  }
  return dir;
}
