import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/project-root.js';
import type viJson from './vi.json';

type Vi = typeof viJson;
export const vi: Vi = JSON.parse(readFileSync(join(projectRoot(), 'apps', 'api', 'src', 'i18n', 'vi.json'), 'utf8')) as Vi;

/** Fills `{name}` placeholders of a Vietnamese text. */
export const fill = (text: string, vars: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
