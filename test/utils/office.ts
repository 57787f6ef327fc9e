import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findSoffice } from '#libs/plan-import/src/doc-convert.js';

const which = (cmd: string): string | undefined => {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

/** LibreOffice and pdftotext (Debian: libreoffice-writer-nogui, poppler-utils); `.ci/run` installs them. */
export const soffice = findSoffice();
const pdftotext = which('pdftotext');

/**
 * Whether the "opens in an office suite" checks run: when LibreOffice is here, and always with CI=true (where a missing
 * LibreOffice fails them instead of skipping them).
 */
export const canConvert = !!(soffice && pdftotext) || process.env.CI === 'true';
if (!canConvert)
  console.warn('DOCX → PDF checks SKIPPED: soffice or pdftotext is missing (apt-get install -y libreoffice-writer-nogui poppler-utils)');

/** Opens a DOCX in LibreOffice, prints it to PDF and gives back the PDF's text: proof a word processor reads the file. */
export function docxAsPdfText(docx: Uint8Array): { pdfBytes: number; text: string } {
  if (!soffice || !pdftotext)
    throw new Error('soffice and pdftotext are needed: apt-get install -y libreoffice-writer-nogui poppler-utils');
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-docx-'));
  try {
    writeFileSync(join(dir, 'in.docx'), docx);
    execFileSync(soffice, ['--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'in.docx')], {
      timeout: 120_000,
      env: { ...process.env, HOME: dir },
      stdio: 'pipe',
    });
    const pdf = join(dir, 'in.pdf');
    if (!existsSync(pdf)) throw new Error('LibreOffice wrote no PDF');
    execFileSync(pdftotext, ['-layout', pdf, join(dir, 'out.txt')], { timeout: 60_000 });
    return { pdfBytes: readFileSync(pdf).length, text: readFileSync(join(dir, 'out.txt'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A .docx saved by LibreOffice as a Word 97–2003 .doc (the format old Word writes), in a private dir and profile. */
export function docxAsDoc(docx: Uint8Array): Buffer {
  if (!soffice) throw new Error('soffice is needed: apt-get install -y libreoffice-writer-nogui');
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-doc-'));
  try {
    writeFileSync(join(dir, 'in.docx'), docx);
    const profile = `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`;
    execFileSync(soffice, ['--headless', profile, '--convert-to', 'doc:MS Word 97', '--outdir', dir, join(dir, 'in.docx')], {
      timeout: 120_000,
      env: { ...process.env, HOME: dir },
      stdio: 'pipe',
    });
    if (!existsSync(join(dir, 'in.doc'))) throw new Error('LibreOffice wrote no .doc');
    return readFileSync(join(dir, 'in.doc'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
