import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_DOCUMENT_BYTES, PlanImportError } from './read-document.js';

/** Where LibreOffice's `soffice` is on a PATH (Debian: libreoffice-writer-nogui), or undefined when it is not installed. */
export function findSoffice(path: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) {
      const f = join(dir, name);
      try {
        accessSync(f, constants.X_OK);
        return f;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface DocConvertOptions {
  /** LibreOffice is killed after this long (its start alone takes seconds). */
  timeoutMs?: number;
  /** The PATH soffice is looked for on (process.env.PATH by default). */
  path?: string;
}

export const DOC_CONVERT_TIMEOUT_MS = 60_000;

// One LibreOffice at a time: it takes a core and a few hundred MiB; others wait their turn.
let queue: Promise<unknown> = Promise.resolve();

/**
 * An old Word 97–2003 .doc converted to .docx by LibreOffice (`soffice --headless --convert-to docx`), in a private
 * temp dir with its own LibreOffice profile, killed (its whole process group) after the time limit; the dir is removed
 * whatever happens. Asynchronous: the caller's event loop keeps answering. No LibreOffice: PlanImportError NO_OFFICE.
 */
export function convertDocToDocx(bytes: Uint8Array, file: string, opts: DocConvertOptions = {}): Promise<Buffer> {
  const soffice = findSoffice(opts.path);
  if (!soffice)
    return Promise.reject(
      new PlanImportError(
        'NO_OFFICE',
        file,
        1,
        1,
        'chưa cài LibreOffice (soffice): hãy lưu tệp .doc thành .docx bằng Word, hoặc cài LibreOffice',
      ),
    );
  if (!bytes.length) return Promise.reject(new PlanImportError('EMPTY_FILE', file, 1, 1, 'tệp rỗng'));
  if (bytes.length > MAX_DOCUMENT_BYTES)
    return Promise.reject(new PlanImportError('TOO_BIG', file, 1, 1, `tệp lớn hơn ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`));
  const run = queue.then(() => convert(soffice, bytes, file, opts.timeoutMs ?? DOC_CONVERT_TIMEOUT_MS));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(soffice: string, bytes: Uint8Array, file: string, timeoutMs: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-doc-'));
  const failed = (lyDo: string) =>
    new PlanImportError('DOC_CONVERT_FAILED', file, 1, 1, `LibreOffice không chuyển được tệp .doc sang .docx (${lyDo})`, { reason: lyDo });
  try {
    const input = join(dir, 'in.doc');
    await writeFile(input, bytes, { mode: 0o600 });
    const args = [
      '--headless',
      '--norestore',
      '--nologo',
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--convert-to',
      'docx:MS Word 2007 XML',
      '--outdir',
      dir,
      input,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(soffice, args, { cwd: dir, detached: true, stdio: 'ignore', env: { ...process.env, HOME: dir } });
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
        reject(failed(`quá ${timeoutMs / 1000} giây`));
      }, timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(failed(`không chạy được LibreOffice: ${err.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(failed(`LibreOffice dừng với mã ${code ?? signal}`));
      });
    });
    const out = join(dir, 'in.docx');
    const size = await stat(out).then(
      (s) => s.size,
      () => -1,
    );
    if (size <= 0) throw failed('không ra tệp .docx nào; tệp có thể không phải tài liệu Word');
    if (size > MAX_DOCUMENT_BYTES)
      throw new PlanImportError('TOO_BIG', file, 1, 1, `tệp .docx chuyển ra lớn hơn ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A document's bytes and name as the reader takes them: a .doc becomes its .docx (converted), others stay. */
export async function asReadable(bytes: Uint8Array, file: string, opts?: DocConvertOptions): Promise<{ bytes: Uint8Array; file: string }> {
  if (!/\.doc$/i.test(file)) return { bytes, file };
  return { bytes: await convertDocToDocx(bytes, file, opts), file: `${file}x` };
}
