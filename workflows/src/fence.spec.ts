import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The fence around workflow code: only deterministic code may run inside a workflow. Every module a workflow file
 * reaches (its own imports, followed into libs/) is checked: no I/O libraries, no Node built-ins, no Temporal
 * client/worker/activity packages, apps/ only as types, and no Date.now / Math.random outside workflows/src/lib/clock.ts.
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const FORBIDDEN = [
  /^@nestjs\//,
  /^typeorm$/,
  /^pg$/,
  /^nodemailer$/,
  /^node:/,
  /^fs$/,
  /^path$/,
  /^crypto$/,
  /^@temporalio\/(activity|client|worker)$/,
  /^yaml$/,
  /^handlebars$/,
];

function imports(file: string) {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: { spec: string; typeOnly: boolean }[] = [];
  src.forEachChild((n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(n) ? !!n.importClause?.isTypeOnly : n.isTypeOnly;
      out.push({ spec: n.moduleSpecifier.text, typeOnly });
    }
  });
  return { src, out };
}

function reachable(): Map<string, { spec: string; typeOnly: boolean }[]> {
  const seen = new Map<string, { spec: string; typeOnly: boolean }[]>();
  const queue = readdirSync(here)
    .filter((f) => f.endsWith('.workflow.ts') || f === 'index.ts')
    .map((f) => join(here, f));
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const { out } = imports(file);
    seen.set(file, out);
    for (const i of out) {
      if (i.typeOnly || !i.spec.startsWith('.')) continue;
      const target = resolve(dirname(file), i.spec.replace(/\.js$/, '.ts'));
      if (target.endsWith('.ts')) queue.push(target);
    }
  }
  return seen;
}

describe('the workflow fence', () => {
  const files = reachable();

  it('reaches the step workflow and the domain rules it uses', () => {
    const names = [...files.keys()].map((f) => relative(root, f));
    expect(names).toEqual(
      expect.arrayContaining(['workflows/src/step.workflow.ts', 'libs/domain/src/step-rules.ts', 'libs/contracts/src/step.contracts.ts']),
    );
  });

  it('imports nothing that does I/O or is not deterministic', () => {
    const bad = [...files.entries()].flatMap(([file, list]) =>
      list
        .filter((i) => !i.typeOnly && (FORBIDDEN.some((re) => re.test(i.spec)) || /(^|\/)apps\//.test(i.spec)))
        .map((i) => `${relative(root, file)} imports ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('reads time and randomness only through workflows/src/lib/clock.ts', () => {
    const bad = [...files.keys()]
      .filter((f) => !f.endsWith(join('workflows', 'src', 'lib', 'clock.ts')))
      .filter((f) => /\bDate\.now\(|\bMath\.random\(|new Date\(\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });
});
