import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../../libs/config/src/project-root.js';

type Vi = typeof import('./vi.json', { with: { type: 'json' } });
export const vi: Vi = JSON.parse(readFileSync(join(projectRoot(), 'apps', 'api', 'src', 'i18n', 'vi.json'), 'utf8')) as Vi;

/** Fills `{name}` placeholders of a Vietnamese text. */
export const fill = (text: string, vars: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
