import {
  assignmentColumns,
  assignmentRow,
  PlanImportError,
  type AssignmentRow,
  type SourceDocument,
  type SourceLine,
} from './read-document.js';
import { capitalisedAfter, editDistance, fold, upperShare } from './text.js';

export type SectionKind = 'purpose' | 'content' | 'solutions' | 'organisation' | 'funding' | 'other';
export type RecipientPurpose = 'bao_cao' | 'de_biet' | 'giam_sat' | 'thuc_hien' | 'luu';

export interface Activity {
  /** "II.3" */
  ref: string;
  num: string;
  text: string;
  line: number;
  /** "-", "+", "a)" and "1.1." lines under it. */
  subs: { text: string; line: number }[];
  /** Unnumbered paragraphs under it (in section IV: the duties under a responsible party). */
  body: string[];
}

export interface Section {
  numeral: string;
  label: string;
  kind: SectionKind;
  line: number;
  intro: string[];
  activities: Activity[];
  /** A heading without a numeral (a bold or upper-case "KINH PHÍ THỰC HIỆN"); its numeral is the next one. */
  unnumbered?: boolean;
}

export interface LegalBasis {
  text: string;
  line: number;
  kind?: string;
  number?: string;
  /** YYYY-MM-DD */
  date?: string;
  body?: string;
}

export interface Recipient {
  text: string;
  name: string;
  purpose?: RecipientPurpose;
  line: number;
}

export interface PlanStructure {
  file: string;
  issuerLines: string[];
  /** "12/KH-UBND", or "__/KH-UBND" when the number is left blank. */
  number?: string;
  numberKnown: boolean;
  place?: string;
  date: { day?: number; month?: number; year?: number; text?: string; line?: number };
  title?: string;
  legalBases: LegalBasis[];
  intro: string[];
  sections: Section[];
  closing?: string;
  recipients: Recipient[];
  signer?: { formula: string; role: 'chairman' | 'vice_chair'; name?: string; line: number };
  /** Page numbers taken out of the text: a line of their own, or glued into a sentence where a line break was lost. */
  removedPageNumbers: { line: number; text: string; glued: boolean }[];
  /** Rows of assignment tables (an appendix "STT | Nội dung công việc | Đơn vị chủ trì | …"), in order. */
  assignments: { row: AssignmentRow; line: number }[];
  /** Section labels read despite a typo. */
  fixedLabels: { line: number; written: string; readAs: SectionKind }[];
}

const LABELS: [SectionKind, string[]][] = [
  ['purpose', ['muc dich yeu cau', 'muc dich va yeu cau', 'muc tieu yeu cau', 'muc dich', 'muc tieu']],
  [
    'content',
    [
      'noi dung hoat dong',
      'noi dung thuc hien',
      'noi dung nhiem vu',
      'nhiem vu va giai phap',
      'nhiem vu trong tam',
      'nhiem vu giai phap',
      'cac nhiem vu',
      'cac hoat dong',
      'noi dung',
      'nhiem vu',
      'hoat dong',
    ],
  ],
  ['solutions', ['giai phap thuc hien', 'cac giai phap', 'giai phap']],
  ['organisation', ['to chuc thuc hien', 'phan cong thuc hien', 'phan cong nhiem vu', 'trach nhiem thuc hien']],
  ['funding', ['kinh phi thuc hien', 'kinh phi']],
];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** The kind of a section label, tolerating a typo of a letter or two; `typo` says whether one was tolerated. */
export function classifyLabel(label: string): { kind: SectionKind; typo: boolean } {
  const f = fold(label);
  let best: { kind: SectionKind; d: number; len: number } | undefined;
  for (const [kind, phrases] of LABELS) {
    for (const p of phrases) {
      const head = f.slice(0, p.length + 1).trimEnd();
      if (f === p || f.startsWith(`${p} `)) return { kind, typo: false };
      const d = Math.min(
        editDistance(head, p),
        editDistance(f.slice(0, p.length), p),
        editDistance(f.split(' ').slice(0, p.split(' ').length).join(' '), p),
      );
      const allowed = p.length >= 12 ? 2 : p.length >= 7 ? 1 : 0;
      if (d <= allowed && (!best || d < best.d || (d === best.d && p.length > best.len))) best = { kind, d, len: p.length };
    }
  }
  return best ? { kind: best.kind, typo: true } : { kind: 'other', typo: false };
}

const isBlank = (s: string) => !s.trim();
const TERMINAL = /[.;:!?)”"»]$/u;
const MARKER = /^\s*([IVXLivxl]{1,4}\s*[.\-–—):/]|\d{1,2}(\.\d{1,2})*\s*[.)/]|[-+•*–—]\s|[a-zđ]\)|Nơi nhận|Số\s*:|KT\.|TM\.|TL\.)/u;

/** Cleans a line: markdown emphasis, non-breaking and repeated spaces. */
const clean = (s: string) =>
  s
    .replace(/\u00a0|\t/g, ' ')
    .replace(/\*{1,3}(?=\S)|(?<=\S)\*{1,3}/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Removes stray page numbers, reported; the expected next page number keeps the glued-number rule conservative. */
function removePageNumbers(lines: SourceLine[], removed: PlanStructure['removedPageNumbers']): SourceLine[] {
  let expected = 2;
  const out: SourceLine[] = [];
  for (const l of lines) {
    const t = clean(l.text);
    const alone = /^[-–—(\s]*(?:trang\s+)?(\d{1,3})(?:\s*\/\s*\d{1,3})?[-–—)\s]*$/iu.exec(t);
    if (!l.table && alone && t) {
      removed.push({ line: l.line, text: t, glued: false });
      expected = Number(alone[1]) + 1;
      continue;
    }
    let text = t;
    if (!l.table) {
      // "pháp luật của 2 Nhà nước": the next page number between a lower-case word and a capitalised one.
      for (;;) {
        const re = new RegExp(`(${MARKER.test(text) ? '' : '^|'}\\p{Ll}[,]? )(${expected}) (?=\\p{Lu}\\p{Ll})`, 'u');
        const m = re.exec(text);
        if (!m) break;
        const at = m.index + m[1].length;
        removed.push({ line: l.line, text: text.slice(Math.max(0, at - 12), at + m[2].length + 12).trim(), glued: true });
        text = text.slice(0, at) + text.slice(at + m[2].length + 1);
        expected++;
      }
    }
    out.push({ ...l, text });
  }
  return out;
}

/**
 * Paragraphs of a text file: lines of one block (no blank line between) are joined unless the next one starts a
 * numbered item, a bullet or a heading; a paragraph cut by a page break (no final stop, next starts in lower case)
 * is joined too. A .docx is already in paragraphs.
 */
function paragraphs(doc: SourceDocument, lines: SourceLine[]): SourceLine[] {
  const blankMode = doc.kind === 'txt' && lines.filter((l) => isBlank(l.text)).length >= lines.length / 10;
  const out: (SourceLine & { blankBefore: boolean })[] = [];
  let blankBefore = true;
  for (const l of lines) {
    if (isBlank(l.text)) {
      blankBefore = true;
      continue;
    }
    const prev = out[out.length - 1];
    const joinable =
      prev &&
      !MARKER.test(l.text) &&
      upperShare(l.text) < 0.7 &&
      upperShare(prev.text) < 0.7 &&
      !TERMINAL.test(prev.text) &&
      !l.table &&
      !prev.table &&
      (/^\p{Ll}/u.test(l.text) || (blankMode && !blankBefore && prev.text.length >= 70));
    if (joinable) prev.text = `${prev.text} ${l.text}`;
    else out.push({ ...l, blankBefore });
    blankBefore = false;
  }
  return out;
}

const DOC_KIND =
  /(Hiến pháp|Bộ luật|Luật|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư liên tịch|Thông tư|Kế hoạch|Công văn|Hướng dẫn|Văn bản|Thông báo|Đề án|Chương trình)/iu;
const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

export function parseLegalBasis(text: string, line: number): LegalBasis {
  const law = /(Bộ luật|Luật)\s+(.+?)(?=\s+số|\s+ngày|\s+năm|[;.]|$)/u.exec(text);
  const kind = law ? `${law[1]} ${law[2]}` : DOC_KIND.exec(text)?.[1];
  const number = (/số\s*:?\s*(\d+[\p{L}\d/.\-_]*)/iu.exec(text)?.[1] ?? /(?:^|\s)(\d+\/[\p{L}\d/.\-_]+)/u.exec(text)?.[1])?.replace(
    /[.,;]+$/,
    '',
  );
  const d =
    /ngày\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})/iu.exec(text) ??
    /ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})/iu.exec(text);
  const date = d ? isoDate(+d[3], +d[2], +d[1]) : undefined;
  const body = /\bcủa\s+(.+?)(?=\s+(?:về|v\/v|ban hành|quy định|hướng dẫn|triển khai)\s|[;,.]\s|[;.]?$)/iu.exec(text)?.[1]?.trim();
  return { text, line, kind: law ? kind : kind ? capitalise(kind.toLocaleLowerCase('vi')) : undefined, number, date, body };
}

const isoDate = (y: number, m: number, d: number): string | undefined => {
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const dt = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(dt.getTime()) && dt.toISOString().startsWith(iso) ? iso : undefined;
};

const PURPOSES: [RegExp, RecipientPurpose][] = [
  [/^(b c|bc|de b c|bao cao|de bao cao)$/, 'bao_cao'],
  [/^(t h|th|de t h|thuc hien|de thuc hien|p h|ph|phoi hop|phoi hop thuc hien|chi dao|c d)$/, 'thuc_hien'],
  [/^(de biet|biet|d b|theo doi|de theo doi)$/, 'de_biet'],
  [/^(giam sat|g s|de giam sat)$/, 'giam_sat'],
];

export function parseRecipient(text: string, line: number): Recipient | undefined {
  const t = text
    .replace(/^[-+•*–—]\s*/, '')
    .replace(/[;.,]+$/, '')
    .trim();
  const f = fold(t);
  if (!t || /^nhu tren/.test(f)) return undefined;
  if (/^luu\b/.test(f)) return { text: t, name: t, purpose: 'luu', line };
  const paren = /\(([^)]*)\)\s*$/.exec(t);
  const purpose = paren ? PURPOSES.find(([re]) => re.test(fold(paren[1])))?.[1] : undefined;
  return { text: t, name: (paren ? t.slice(0, paren.index) : t).trim(), purpose, line };
}

const SIGNATURE = /^(KT|TM|TL|Q|QUYỀN)\.?\s+\S|^(PHÓ\s+)?CHỦ\s+TỊCH$|^(PHÓ\s+)?CHỦ\s+TỊCH\s+(UBND|ỦY BAN)/u;

type Phase = 'head' | 'title' | 'preamble' | 'sections' | 'closing' | 'recipients' | 'signature';

/** Where the reader is in the document, and what it has read so far. */
interface Reading {
  s: PlanStructure;
  phase: Phase;
  section?: Section;
  activity?: Activity;
  /** The document has a line "KẾ HOẠCH" (the title follows it); without one, the text starts at the preamble. */
  sawPlanWord: boolean;
}

/**
 * Reads the structure of a Kế hoạch from its lines; refuses a document without sections or numbered activities.
 * Phase by phase: the heading (issuer, number, place and date), the title, the
 * preamble (legal bases, introduction), the sections and their activities, the closing, the recipients, the signature.
 */
export function parseStructure(doc: SourceDocument): PlanStructure {
  const s: PlanStructure = {
    file: doc.file,
    issuerLines: [],
    numberKnown: false,
    date: {},
    legalBases: [],
    intro: [],
    sections: [],
    recipients: [],
    removedPageNumbers: [],
    fixedLabels: [],
    assignments: [],
  };
  const paras = documentParagraphs(doc, s);
  const sawPlanWord = paras.some((p) => fold(p.text) === 'ke hoach');
  const r: Reading = { s, phase: sawPlanWord ? 'head' : 'preamble', sawPlanWord };
  for (const p of paras) if (p.text) readParagraph(r, p);
  activitiesOfParagraphSections(s);
  requirePlanShape(s, doc.file);
  return s;
}

/** The document's paragraphs, page numbers removed; the rows of assignment tables are set apart in `s.assignments`. */
function documentParagraphs(doc: SourceDocument, s: PlanStructure): SourceLine[] {
  return paragraphs(doc, removePageNumbers(pipeTables(doc.lines), s.removedPageNumbers)).filter((p) => {
    if (!p.assignment) return true;
    s.assignments.push({ row: p.assignment, line: p.line });
    return false;
  });
}

/** One paragraph, read by the phase the reader is in (each reader says whether it took the paragraph). */
function readParagraph(r: Reading, p: SourceLine): void {
  if ((r.phase === 'head' || r.phase === 'title') && readHeading(r, p)) return;
  if ((r.phase === 'preamble' || r.phase === 'sections' || r.phase === 'closing') && readSectionHeading(r, p)) return;
  if (readRecipientsStart(r, p)) return;
  if (readSignature(r, p)) return;
  if (r.phase === 'recipients') readRecipientLine(r, p);
  else if (r.phase === 'preamble') readPreamble(r, p);
  else if (r.phase === 'sections' && r.section) readSectionLine(r, r.section, p);
}

/** The heading: issuer lines, "Số: …", "<place>, ngày … tháng … năm …", "KẾ HOẠCH" and the title after it. */
function readHeading(r: Reading, p: SourceLine): boolean {
  const { s } = r;
  const t = p.text;
  const f = fold(t);
  if (/^cong hoa xa hoi|^doc lap tu do|^[-_=*\s]+$/.test(f) || /^[-_=*\s]+$/.test(t)) return true;
  const num = /^Số\s*:?\s*(.*)$/iu.exec(t);
  if (num && r.phase === 'head') {
    const v = num[1].replace(/\s+/g, '').replace(/[.,;]+$/, '');
    const m = /^([0-9]+)?[._…\s]*\/(.+)$/u.exec(v);
    s.numberKnown = !!m?.[1];
    s.number = m ? `${m[1] ?? '__'}/${m[2]}` : v || undefined;
    return true;
  }
  const date = /^(.+?),?\s*ngày[\s._…]*(\d{1,2})?[\s._…]*tháng[\s._…]*(\d{1,2})?[\s._…]*năm[\s._…]*(\d{4})?/iu.exec(t);
  if (date && r.phase === 'head') {
    s.place = date[1].replace(/,$/, '').trim();
    s.date = {
      day: date[2] ? +date[2] : undefined,
      month: date[3] ? +date[3] : undefined,
      year: date[4] ? +date[4] : undefined,
      text: t,
      line: p.line,
    };
    return true;
  }
  if (f === 'ke hoach') {
    r.phase = 'title';
    return true;
  }
  if (r.phase === 'head') {
    s.issuerLines.push(t);
    return true;
  }
  r.phase = 'preamble';
  if (!romanHeading(t) && !isLegalBasis(t)) {
    s.title = t;
    return true;
  }
  return false;
}

/** "I. MỤC ĐÍCH, YÊU CẦU", "II- NỘI DUNG" …: a new section. */
function readSectionHeading(r: Reading, p: SourceLine): boolean {
  const h = romanHeading(p.text);
  if (!h) return false;
  r.section = { numeral: h.numeral, label: h.label, kind: h.kind, line: p.line, intro: [], activities: [] };
  if (h.typo) r.s.fixedLabels.push({ line: p.line, written: p.text, readAs: h.kind });
  r.s.sections.push(r.section);
  r.activity = undefined;
  r.phase = 'sections';
  return true;
}

/** "Nơi nhận: …": the recipients start (the first may stand on the same line). */
function readRecipientsStart(r: Reading, p: SourceLine): boolean {
  if (!/^noi nhan\b/.test(fold(p.text))) return false;
  r.phase = 'recipients';
  const rest = p.text.replace(/^[^:]*:?/u, '').trim();
  const x = rest ? parseRecipient(rest, p.line) : undefined;
  if (x) r.s.recipients.push(x);
  return true;
}

/** The signature block: its formula ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"), then the signer's name. */
function readSignature(r: Reading, p: SourceLine): boolean {
  const { s } = r;
  const t = p.text;
  if (
    (r.phase === 'sections' || r.phase === 'closing' || r.phase === 'recipients' || r.phase === 'signature') &&
    SIGNATURE.test(t.toLocaleUpperCase('vi') === t ? t : '')
  ) {
    const formula = s.signer && r.phase === 'signature' ? `${s.signer.formula} / ${t}` : t;
    const role = /pho chu tich/.test(fold(formula)) ? 'vice_chair' : 'chairman';
    s.signer = { formula, role, line: s.signer?.line ?? p.line };
    r.phase = 'signature';
    return true;
  }
  if (r.phase !== 'signature') return false;
  if (/^\(.*\)$/.test(t) || /^(da ky|ky ten|ky ghi ro ho ten)/.test(fold(t))) return true;
  if (s.signer && !s.signer.name && /^(\p{Lu}\p{Ll}*\s+){1,4}\p{Lu}\p{Ll}*$/u.test(t)) s.signer.name = t;
  return true;
}

/** "- Phòng LĐTB&XH huyện (b/c);", "- Lưu: VT." */
function readRecipientLine(r: Reading, p: SourceLine): void {
  if (/^[-+•*–—]/.test(p.text) || /^luu\b/.test(fold(p.text))) {
    const x = parseRecipient(p.text, p.line);
    if (x) r.s.recipients.push(x);
  }
}

/** Before the first section: the legal bases ("Căn cứ …; Thực hiện …"), the title when no "KẾ HOẠCH" line came, the introduction. */
function readPreamble({ s, sawPlanWord }: Reading, p: SourceLine): void {
  const t = p.text;
  if (isLegalBasis(t))
    t.split(/;\s*(?=(?:Căn cứ|Thực hiện|Theo)\s)/u).forEach((part) => s.legalBases.push(parseLegalBasis(part.trim(), p.line)));
  else if (!s.title && !s.intro.length && !s.legalBases.length && sawPlanWord) s.title = t;
  else s.intro.push(t);
}

/** A line of a section: an unnumbered heading, the closing, an activity "1.", its sub-points "1.1" or "-", its body. */
function readSectionLine(r: Reading, section: Section, p: SourceLine): void {
  const { s } = r;
  const t = p.text;
  const f = fold(t);
  const unnumbered = unnumberedHeading(t, !!p.bold);
  if (unnumbered) {
    const numeral = ROMAN[ROMAN.indexOf(s.sections[s.sections.length - 1].numeral) + 1] ?? `${s.sections.length + 1}`;
    r.section = { numeral, label: t, kind: unnumbered, line: p.line, intro: [], activities: [], unnumbered: true };
    s.sections.push(r.section);
    r.activity = undefined;
    return;
  }
  if (/^tren day la\b/.test(f)) {
    s.closing = t;
    r.phase = 'closing';
    return;
  }
  const sub = /^(\d{1,2})\.(\d{1,2})\.?\s+(.*)$/u.exec(t);
  const num = /^(\d{1,2})\s*[.)/]\s*(?!\d)(.*)$/u.exec(t);
  const bullet = /^(?:[-+•*–—]|[a-zđ]\))\s*(.*)$/u.exec(t);
  const activity = r.activity;
  if (sub && activity && sub[1] === activity.num) activity.subs.push({ text: sub[3], line: p.line });
  else if (num && !sub) {
    r.activity = { ref: `${section.numeral}.${num[1]}`, num: num[1], text: num[2].trim(), line: p.line, subs: [], body: [] };
    section.activities.push(r.activity);
  } else if (bullet && activity) activity.subs.push({ text: bullet[1].trim(), line: p.line });
  else if (bullet) {
    // A section written as a bulleted list: each bullet is an activity.
    const n = String(section.activities.length + 1);
    section.activities.push({ ref: `${section.numeral}.${n}`, num: n, text: bullet[1].trim(), line: p.line, subs: [], body: [] });
  } else if (activity) activity.body.push(t);
  else section.intro.push(t);
}

/**
 * A section of work written as paragraphs only ("III. KINH PHÍ" and a sentence giving its officer and deadline):
 * each paragraph is one of its activities.
 */
function activitiesOfParagraphSections(s: PlanStructure): void {
  for (const sec of s.sections) {
    if (sec.activities.length || !['content', 'solutions', 'organisation', 'funding'].includes(sec.kind)) continue;
    sec.intro.forEach((text, i) =>
      sec.activities.push({ ref: `${sec.numeral}.${i + 1}`, num: String(i + 1), text, line: sec.line + i + 1, subs: [], body: [] }),
    );
    sec.intro = [];
  }
}

/** A document without section headings, or without numbered activities under them, is no Kế hoạch. */
function requirePlanShape(s: PlanStructure, file: string): void {
  if (!s.sections.length) {
    throw new PlanImportError(
      'NO_PLAN_STRUCTURE',
      file,
      1,
      1,
      'không thấy tiêu đề mục (I., II., III., IV.): tệp không có dạng một Kế hoạch',
    );
  }
  const content = s.sections.find((x) => x.kind === 'content');
  if (!s.sections.some((x) => x.activities.length)) {
    const at = content ?? s.sections[0];
    throw new PlanImportError(
      'NO_PLAN_STRUCTURE',
      file,
      at.line,
      1,
      'không thấy nội dung đánh số (dòng “1.”, “2.” hoặc “-”) dưới các tiêu đề mục',
    );
  }
}

/** A bold or upper-case paragraph without a numeral that names a section of work ("KINH PHÍ THỰC HIỆN"). */
function unnumberedHeading(t: string, _bold: boolean): SectionKind | undefined {
  if (MARKER.test(t) || t.length > 60 || upperShare(t) < 0.7) return undefined; // bold or not, a heading is upper case
  const c = classifyLabel(t.replace(/[:.]$/, ''));
  return c.kind !== 'other' && c.kind !== 'purpose' && !c.typo ? c.kind : undefined;
}

/** Lines of a text file written as a table ("1 | Tuyên truyền … | Đài truyền thanh xã | Các thôn | Tháng 6"). */
function pipeTables(lines: SourceLine[]): SourceLine[] {
  let columns: ReturnType<typeof assignmentColumns>;
  return lines.flatMap((l) => {
    if (l.table || l.assignment || (l.text.match(/\|/g) ?? []).length < 2) {
      if (!l.text.includes('|')) columns = undefined;
      return [l];
    }
    const cells = l.text
      .replace(/^\s*\||\|\s*$/g, '')
      .split('|')
      .map((c) => c.trim());
    if (cells.every((c) => /^[-:\s]*$/.test(c))) return [];
    const header = assignmentColumns(cells);
    if (header) {
      columns = header;
      return [];
    }
    const row = columns && assignmentRow(cells, columns);
    return row ? [{ ...l, table: true, assignment: row }] : [l];
  });
}

function isLegalBasis(t: string): boolean {
  const f = fold(t);
  return /^(can cu|thuc hien|theo|tren co so|xet)\b/.test(f) && DOC_KIND.test(t) && /\d+\/|\bsố\s*\d|luật/iu.test(t);
}

function romanHeading(t: string): { numeral: string; label: string; kind: SectionKind; typo: boolean } | undefined {
  const m = /^([IVXLivxl]{1,4})\s*[.\-–—):/]\s*(\S.*)$/u.exec(t);
  if (!m) return undefined;
  const numeral = m[1].toUpperCase().replace(/L/g, 'I');
  if (!ROMAN.includes(numeral)) return undefined;
  const label = m[2].trim();
  const c = classifyLabel(label);
  if (c.kind === 'other' && (upperShare(label) < 0.7 || m[1] !== m[1].toUpperCase())) return undefined;
  return { numeral, label, kind: c.kind, typo: c.typo };
}

export { capitalisedAfter };
