import { extname } from 'node:path';
import type mammothType from 'mammoth';
import { DOCX_LIMITS, measureZip, type ZipLimits } from './zip-measure.js';

/** One line of a document: a line of a text file, or a paragraph (or table cell paragraph) of a .docx. */
export interface SourceLine {
  text: string;
  /** 1-based line of the text file, or paragraph number of the .docx. */
  line: number;
  /** The line comes from a table (page numbers are not looked for there). */
  table?: boolean;
  /** The whole paragraph is bold (a heading when it names a section). */
  bold?: boolean;
  /** A row of an assignment table (columns found by their header words). */
  assignment?: AssignmentRow;
}

/** A row of a table "STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện". */
export interface AssignmentRow {
  num?: string;
  content: string;
  lead?: string;
  helpers?: string;
  when?: string;
  product?: string;
}

type Column = keyof Omit<AssignmentRow, 'num'> | 'num';
const COLUMN_WORDS: [Column, RegExp][] = [
  ['num', /^(stt|tt|so tt|so thu tu)$/],
  ['helpers', /phoi hop/],
  ['when', /thoi gian|thoi han|tien do|han hoan thanh/],
  ['product', /san pham|ket qua/],
  ['content', /noi dung|cong viec|nhiem vu|hoat dong/],
  ['lead', /chu tri|don vi thuc hien|nguoi thuc hien|thuc hien|phu trach|chiu trach nhiem/],
];
const foldCell = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The columns of an assignment table from its header row, or undefined when the row is not such a header. */
export function assignmentColumns(cells: string[]): Column[] | undefined {
  // A header names every column in a few words; a row of content does not.
  if (cells.some((c) => c.length > 40)) return undefined;
  const cols = cells.map((c) => COLUMN_WORDS.find(([, re]) => re.test(foldCell(c)))?.[0]);
  if (!cols.includes('content') || !cols.includes('lead') || cols.filter((c) => !c).length > cells.length / 4) return undefined;
  return cols.map((c) => c ?? 'product');
}

/** A row read by the columns of its table's header. */
export function assignmentRow(cells: string[], cols: Column[]): AssignmentRow | undefined {
  const row: Partial<Record<Column, string>> = {};
  cells.forEach((c, i) => {
    const k = cols[i];
    if (k && c.trim()) row[k] = row[k] ? `${row[k]}; ${c.trim()}` : c.trim();
  });
  if (!row.content) return undefined;
  return { ...row, num: row.num?.replace(/\.$/, ''), content: row.content };
}

export interface SourceDocument {
  file: string;
  kind: 'txt' | 'docx';
  lines: SourceLine[];
}

export type ImportErrorCode =
  | 'UNKNOWN_EXTENSION'
  | 'EMPTY_FILE'
  | 'TOO_BIG'
  | 'NOT_TEXT'
  | 'NOT_UTF8'
  | 'NOT_DOCX'
  | 'NO_PLAN_STRUCTURE'
  // Measured from the .docx's central directory before anything is inflated (zip-measure.ts).
  | 'ZIP_TOO_MANY_ENTRIES'
  | 'ZIP_ENTRY_TOO_BIG'
  | 'ZIP_TOO_BIG'
  | 'ZIP_RATIO'
  // Reading took longer or more memory than its worker may have (apps/api: the document worker).
  | 'TOO_COMPLEX'
  // A Word 97–2003 .doc: LibreOffice is not installed, or could not convert it (doc-convert.ts).
  | 'NO_OFFICE'
  | 'DOC_CONVERT_FAILED';

/** A document that cannot be imported, with where (line or paragraph, column) and why. */
export class PlanImportError extends Error {
  override readonly name = 'PlanImportError';
  constructor(
    readonly code: ImportErrorCode,
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly detail: string,
    /** Values for the Vietnamese text of the code (the limit and what was found). */
    readonly vars: Record<string, string | number> = {},
  ) {
    super(`${file}:${line}:${col}: lỗi: ${detail}`);
  }
}

/** Plan documents larger than this are refused before reading (a Kế hoạch is a few pages; images make a .docx big). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_EXTENSIONS = ['.docx', '.txt'] as const;

/** Where a character offset of a text lies, 1-based. */
function position(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** Reads a plan document (.docx or UTF-8 text) into lines; refuses anything else with a located PlanImportError. */
export async function readDocument(bytes: Uint8Array, file: string, zipLimits: ZipLimits = DOCX_LIMITS): Promise<SourceDocument> {
  const ext = extname(file).toLowerCase();
  if (!(DOCUMENT_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new PlanImportError(
      'UNKNOWN_EXTENSION',
      file,
      1,
      1,
      `“${ext || file}” không phải tài liệu kế hoạch: hãy đưa tệp .docx, .doc (Word) hoặc .txt (văn bản UTF-8)`,
    );
  }
  if (!bytes.length || (ext === '.txt' && !Buffer.from(bytes).toString('utf8').trim()))
    throw new PlanImportError('EMPTY_FILE', file, 1, 1, 'tệp rỗng');
  if (bytes.length > MAX_DOCUMENT_BYTES)
    throw new PlanImportError('TOO_BIG', file, 1, 1, `tệp lớn hơn ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);
  return ext === '.docx'
    ? readDocx(Buffer.from(bytes), file, zipLimits)
    : { file, kind: 'txt', lines: textLines(Buffer.from(bytes), file) };
}

function textLines(buf: Buffer, file: string): SourceLine[] {
  const zip = buf.length > 3 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  if (zip)
    throw new PlanImportError('NOT_TEXT', file, 1, 1, 'tệp là tệp nén zip (tài liệu Word .docx?), không phải văn bản; hãy đặt đuôi .docx');
  const lenient = buf.toString('utf8');
  const nul = lenient.indexOf('\u0000');
  if (nul >= 0) {
    const p = position(lenient, nul);
    throw new PlanImportError('NOT_TEXT', file, p.line, p.col, 'tệp nhị phân, không phải văn bản (có byte NUL)');
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const p = position(lenient, lenient.indexOf('\uFFFD'));
    throw new PlanImportError('NOT_UTF8', file, p.line, p.col, 'tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8 (Unicode)');
  }
  const text = lenient
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC');
  return text.split('\n').map((t, i) => ({ text: t, line: i + 1 }));
}

/** mammoth, loaded on the first .docx read (not as the api and the worker start). */
const loadMammoth = async () => ((await import('mammoth')) as unknown as { default: typeof mammothType }).default;

async function readDocx(buf: Buffer, file: string, limits: ZipLimits): Promise<SourceDocument> {
  // Measured before mammoth inflates anything: a ZIP bomb is refused by what its directory declares.
  const zip = measureZip(buf, limits);
  if (!zip.ok) {
    if (zip.code === 'NOT_ZIP')
      throw new PlanImportError('NOT_DOCX', file, 1, 1, `tệp không phải tài liệu Word .docx đọc được (${zip.detail})`);
    throw new PlanImportError(zip.code, file, 1, 1, `tệp .docx bị từ chối trước khi đọc: ${zip.detail}`, zip.vars);
  }
  let html: string;
  try {
    const mammoth = await loadMammoth();
    // Images are not read (a plan's text is what is imported): mammoth is given an empty image for each.
    const noImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));
    html = (await mammoth.convertToHtml({ buffer: buf }, { convertImage: noImages })).value;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new PlanImportError('NOT_DOCX', file, 1, 1, `tệp không phải tài liệu Word .docx đọc được (${why})`);
  }
  const lines = htmlLines(html).map((l, i) => ({ ...l, text: l.text.normalize('NFC'), line: i + 1 }));
  if (!lines.some((l) => l.text.trim())) throw new PlanImportError('EMPTY_FILE', file, 1, 1, 'tài liệu không có chữ nào');
  return { file, kind: 'docx', lines };
}

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(Number(k.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[k];
  });

/**
 * The paragraphs of mammoth's HTML as lines. Numbered Word lists get their numbers back: a list item that is a bold
 * upper-case heading gets the next Roman numeral ("II. NỘI DUNG"), other items "1. …" counted on across list blocks
 * until the next heading (mammoth does not say where Word restarts a count; a heading is where plans restart it),
 * items one level down "a) …"; bulleted items "- ". A paragraph wholly in bold is marked bold. A table whose header
 * names its columns (nội dung, chủ trì, phối hợp, thời gian) gives assignment rows; a row of another table that
 * starts with a number cell ("1 | Công chức tài chính | Bố trí kinh phí…") becomes a numbered line followed by the
 * other cells, as the same content would be written in running text; a header row ("STT") goes.
 */
export function htmlLines(html: string): Omit<SourceLine, 'line'>[] {
  const out: Omit<SourceLine, 'line'>[] = [];
  const lists: { ordered: boolean }[] = [];
  const counts = { heading: 0, item: [0, 0, 0, 0, 0, 0] };
  let text = '';
  let boldText = '';
  let bold = 0;
  let li: { ordered: boolean; depth: number } | undefined;
  let row: string[][] | undefined;
  let cell: string[] | undefined;
  let columns: ReturnType<typeof assignmentColumns>;
  const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
  const upper = (t: string) => {
    const letters = [...t].filter((c) => /\p{L}/u.test(c));
    return letters.length > 0 && letters.filter((c) => c === c.toLocaleUpperCase('vi')).length / letters.length >= 0.7;
  };
  const flush = () => {
    const t = decode(text).replace(/\s+/g, ' ').trim();
    const allBold = !!t && decode(boldText).replace(/\s+/g, ' ').trim() === t;
    text = '';
    boldText = '';
    if (!t) return;
    const item = li;
    li = undefined;
    let prefix = '';
    const heading = allBold && upper(t);
    if (item?.ordered && heading && item.depth === 0) {
      prefix = `${ROMAN[counts.heading++] ?? counts.heading}. `;
      counts.item.fill(0);
    } else if (item?.ordered) {
      const n = ++counts.item[item.depth];
      counts.item.fill(0, item.depth + 1);
      prefix = item.depth === 0 ? `${n}. ` : item.depth === 1 ? `${String.fromCharCode(96 + Math.min(n, 26))}) ` : '- ';
    } else if (item) prefix = '- ';
    else if (!cell && (heading || /^[IVX]{1,4}\s*[.\-–—)]\s*\S/u.test(t))) counts.item.fill(0);
    if (cell) cell.push(prefix + t);
    else out.push({ text: prefix + t, ...(allBold ? { bold: true } : {}) });
  };
  const endRow = (r: string[][]) => {
    const cells = r.map((c) => c.join(' ').trim());
    const header = assignmentColumns(cells);
    if (header) {
      columns = header;
      return;
    }
    if (columns) {
      const a = assignmentRow(cells, columns);
      if (a) out.push({ text: cells.join(' | '), table: true, assignment: a });
      return;
    }
    if (/^(stt|tt|số tt)$/i.test(cells[0] ?? '')) return;
    const num = /^(\d{1,2})\.?$/.exec(cells[0] ?? '');
    if (num && r.length >= 2) {
      const [first, ...rest] = r[1];
      out.push({ text: `${num[1]}. ${first ?? ''}`.trim(), table: true });
      rest.forEach((t) => out.push({ text: t, table: true }));
      r.slice(2).forEach((c) => c.forEach((t) => out.push({ text: t, table: true })));
    } else r.forEach((c) => c.forEach((t) => out.push({ text: t, table: true })));
  };
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*?(\/?)>|([^<]+)/gi)) {
    if (m[4] !== undefined) {
      text += m[4];
      if (bold > 0) boldText += m[4];
      continue;
    }
    const [, close, tagRaw, selfClose] = m;
    const tag = tagRaw.toLowerCase();
    if (tag === 'br' || selfClose) {
      if (tag === 'br') flush();
      continue;
    }
    if (tag === 'strong' || tag === 'b') bold += close ? -1 : 1;
    else if (/^(p|h[1-6])$/.test(tag)) flush();
    else if (tag === 'ol' || tag === 'ul') {
      flush();
      if (close) lists.pop();
      else lists.push({ ordered: tag === 'ol' });
    } else if (tag === 'li') {
      flush();
      if (!close) {
        const l = lists[lists.length - 1];
        if (l) li = { ordered: l.ordered, depth: Math.min(lists.length - 1, 5) };
      }
    } else if (tag === 'table') {
      flush();
      if (close) columns = undefined;
    } else if (tag === 'tr') {
      flush();
      if (close && row) {
        endRow(row);
        row = undefined;
      } else if (!close) row = [];
    } else if (tag === 'td' || tag === 'th') {
      flush();
      if (close) {
        if (cell) row?.push(cell);
        cell = undefined;
      } else cell = [];
    }
  }
  flush();
  return out;
}
