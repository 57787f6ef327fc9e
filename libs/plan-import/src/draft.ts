import { formatDiagnostic, parsePlanFile, PLAN_FORMAT, type PlanDiagnostic } from '#libs/domain/src/index.js';
import { findRoles, responsibleIn, roleDef, type Responsible } from './roles.js';
import type { Activity, PlanStructure, Recipient, RecipientPurpose, SectionKind } from './structure.js';
import { capitalisedAfter, fold, folded, originalOf, shorten, slug, titleCase } from './text.js';

/** A value the document does not give: written as "TODO: why" for a person, and reported by the validator. */
interface Todo {
  todo: string;
}
type Val = string | number | Todo;
const todo = (why: string): Todo => ({ todo: why });
const isTodo = (v: unknown): v is Todo => typeof v === 'object' && v !== null && 'todo' in v;

/** The approver the draft's approval policy names (written below), and the words that submit a work for approval. */
const DRAFT_APPROVER = 'vice_chair_vhxh';
const SUBMIT_FOR_APPROVAL = /\btrinh (ubnd|uy ban nhan dan|chu tich)[^.;]{0,40}phe duyet\b/;

interface DraftStep {
  title: string;
  assignee: Val;
  helpers: string[];
  fanOut?: boolean;
  start?: string;
  due?: Val;
  dueLunar?: string;
  eventDate?: string;
  dueBy?: string;
  /** The approver, when the document says the work is submitted for approval ("trình UBND xã phê duyệt"). */
  approval?: string;
  recurrence?: { from: Val; to: string; day?: number };
  source: string;
  src: string;
}
interface DraftItem {
  title: string;
  source: string;
  src: string;
  note?: string;
  window?: { from: string; to: string };
  steps: DraftStep[];
  comment?: string;
}

export interface ImportSummary {
  file: string;
  title?: string;
  number?: string;
  numberKnown: boolean;
  issuedOn?: string;
  issuer?: string;
  signer?: string;
  legalBases: number;
  recipients: number;
  sections: { numeral: string; label: string; kind: SectionKind; activities: number }[];
  items: number;
  steps: number;
  roles: string[];
  events: { name: string; source: string; when: string }[];
  removedPageNumbers: PlanStructure['removedPageNumbers'];
  fixedLabels: PlanStructure['fixedLabels'];
  /** What needs a person, by path in the draft. */
  todos: { path: string; reason: string }[];
  /** The same, as the validator reports them (file:line:col) in the written draft. */
  todoDiagnostics: PlanDiagnostic[];
}

export interface PlanDraft {
  yaml: string;
  summary: ImportSummary;
}

/** National events recognised by name, with their fixed dates (S: public rule). */
const EVENTS: { pattern: RegExp; kind: 'window' | 'day' | 'lunar' | 'undated'; from?: string; to?: string; lunar?: string }[] = [
  { pattern: /thang hanh dong vi tre em/, kind: 'window', from: '06-01', to: '06-30' },
  { pattern: /thang hanh dong vi binh dang gioi/, kind: 'window', from: '11-15', to: '12-15' },
  { pattern: /thang hanh dong quoc gia (ve )?phong chong bao luc gia dinh/, kind: 'window', from: '06-01', to: '06-30' },
  { pattern: /dien dan tre em/, kind: 'undated' },
  { pattern: /tet trung thu|vui trung thu/, kind: 'lunar', lunar: '08-15' },
  { pattern: /ngay the gioi phong chong duoi nuoc/, kind: 'day', from: '07-25' },
  { pattern: /ngay quoc te thieu nhi/, kind: 'day', from: '06-01' },
  { pattern: /ngay gia dinh viet nam/, kind: 'day', from: '06-28' },
  { pattern: /ngay quoc te phu nu/, kind: 'day', from: '03-08' },
];

const WORK_SECTIONS: SectionKind[] = ['content', 'solutions', 'organisation', 'funding', 'other'];
const q = (s: string) => JSON.stringify(s);

/** Where the commune, district and province are named: the heading first, then the text. */
function places(s: PlanStructure) {
  const text = [
    ...s.issuerLines,
    s.title ?? '',
    ...s.intro,
    ...s.legalBases.map((b) => b.text),
    ...s.sections.flatMap((x) => x.intro.concat(x.activities.map((a) => a.text))),
    s.closing ?? '',
  ].join('\n');
  const fromHead = (re: RegExp) => {
    for (const l of s.issuerLines) {
      const m = re.exec(l);
      if (m) return titleCase(l.slice(m.index + m[0].length).trim());
    }
    return undefined;
  };
  const communeKind = (() => {
    for (const src of [...s.issuerLines, text]) {
      const m = /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(xã|phường|thị trấn)\s/iu.exec(src);
      if (m) return m[1].toLocaleLowerCase('vi');
    }
    return 'xã';
  })();
  const commune =
    fromHead(/^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(XÃ|PHƯỜNG|THỊ TRẤN)\s+/iu) ??
    capitalisedAfter(text, /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:xã|phường|thị trấn)\s+/u);
  const district =
    fromHead(/^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(HUYỆN|THỊ XÃ|THÀNH PHỐ|QUẬN)\s+/iu) ??
    capitalisedAfter(text, /(?:huyện|quận|thị xã)\s+/u);
  const districtKind = (() => {
    for (const src of [...s.issuerLines, text]) {
      const m = /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(huyện|quận|thị xã|thành phố)\s/iu.exec(src);
      if (m) return m[1].toLocaleLowerCase('vi');
    }
    return 'huyện';
  })();
  const province = capitalisedAfter(text, /tỉnh\s+/u) ?? capitalisedAfter(text, /TỈNH\s+/u);
  return { commune, communeKind, district, districtKind, province, communeFromPlace: !commune && s.place ? s.place : undefined };
}

const initials = (words: string) =>
  fold(words)
    .split(' ')
    .filter((w) => w && !/^\d+$/.test(w))
    .map((w) => w[0].toUpperCase())
    .join('');

function topicInitials(title: string): string {
  let f = fold(title);
  f = f.replace(/^(ke hoach )?((thuc hien|trien khai|to chuc|cong tac|chuong trinh|hoat dong) )+/, '');
  f = f.replace(/ (nam \d{4}|giai doan .*|tren dia ban .*|cua .*)$/, '').replace(/ (nam \d{4}|giai doan .*|tren dia ban .*)$/, '');
  return initials(f).slice(0, 8) || 'KH';
}

function planYear(s: PlanStructure): number | undefined {
  if (s.date.year) return s.date.year;
  const m = /năm (\d{4})/u.exec(s.title ?? '');
  return m ? +m[1] : undefined;
}

/** The dates one piece of work is given: a start, a due date ("no later than" as `dueBy`), a monthly recurrence. */
export interface DateFact {
  start?: string;
  due?: string;
  /** "trước ngày X", "chậm nhất ngày X": the last working day on or before X (plan field due_by). */
  dueBy?: string;
  dueLunar?: string;
  eventDate?: string;
  recurrence?: { from: Val; to: string; day?: number };
  /** The words the dates were read from, for the step's title when a text gives several. */
  clause?: string;
}

const ROMAN_Q: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };
const DATE = String.raw`(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?`;
const DATE_WORDS = String.raw`(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?`;

/**
 * Dates an activity's own words give: "trước ngày 30/4", "chậm nhất ngày 15/12" (no later than), "từ ngày 01/6 đến
 * ngày 31/7", "trong tháng 5", "tháng 6/2024", "hằng tháng, từ tháng 3 đến tháng 11", "trước ngày 10 hằng tháng",
 * "hằng quý", "quý II", "6 tháng đầu năm", "ngày 01/6/2024"; a date without a year is in the plan's year. Several
 * deadlines in one text ("báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12") are several facts.
 */
export function datesIn(text: string, year: number | undefined, issuedOn?: { month?: number; day?: number }): DateFact[] {
  if (!year) return [];
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const iso = (d: number, m: number, y = year): string | undefined =>
    m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m) && Math.abs(y - year) <= 1 ? `${y}-${pad(m)}-${pad(d)}` : undefined;
  const dateOf = (m: RegExpExecArray, at: number) => iso(+m[at], +m[at + 1], m[at + 2] ? +m[at + 2] : year);
  const monthStart = (m: number) => `${year}-${pad(m)}-01`;
  const monthEnd = (m: number) => `${year}-${pad(m)}-${pad(lastDay(year, m))}`;
  const t = text.normalize('NFC');
  const facts: DateFact[] = [];

  // A monthly deadline: "trước ngày 10 hằng tháng".
  const monthlyDay = /(?:trước|vào|chậm nhất)?\s*ngày\s+(\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng/iu.exec(t);
  const span = /từ\s+tháng\s+(\d{1,2})\s+(?:đến|tới|-|–)\s+(?:hết\s+)?tháng\s+(\d{1,2})/iu.exec(t);
  const firstMonth = (): Val =>
    span ? `${year}-${pad(+span[1])}` : issuedOn?.month ? `${year}-${pad(issuedOn.month)}` : todo('tháng bắt đầu của việc làm hằng tháng');
  const lastMonth = span ? `${year}-${pad(+span[2])}` : `${year}-12`;
  if (monthlyDay && +monthlyDay[1] >= 1 && +monthlyDay[1] <= 28)
    return [{ recurrence: { from: firstMonth(), to: lastMonth, day: +monthlyDay[1] }, clause: t }];

  const range = new RegExp(String.raw`từ\s+(?:ngày\s+)?${DATE}\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?${DATE}`, 'iu').exec(t);
  if (range) {
    const end = dateOf(range, 4);
    let start = iso(+range[1], +range[2], range[3] ? +range[3] : year);
    if (start && end && start > end && !range[3]) start = iso(+range[1], +range[2], +end.slice(0, 4));
    if (start && end) facts.push({ start, due: end, clause: t });
  }
  const deadline = new RegExp(
    String.raw`(?:trước|chậm nhất(?:\s+là)?|không quá|hạn chót|hoàn thành trước)\s+(?:vào\s+)?(?:ngày\s+)?(?:${DATE}|${DATE_WORDS})`,
    'giu',
  );
  let from = 0;
  for (const m of t.matchAll(deadline)) {
    const d = m[1] ? iso(+m[1], +m[2], m[3] ? +m[3] : year) : iso(+m[4], +m[5], m[6] ? +m[6] : year);
    if (!d) continue;
    const at = Math.max(from, t.lastIndexOf(';', m.index) + 1);
    facts.push({
      dueBy: d,
      clause: t
        .slice(at, m.index + m[0].length)
        .replace(/^[\s;,.]*(và\s+)?/u, '')
        .trim(),
    });
    from = m.index + m[0].length;
  }
  if (facts.length) return facts;

  if (/(hằng|hàng|mỗi)\s+tháng|định kỳ tháng/iu.test(t)) return [{ recurrence: { from: firstMonth(), to: lastMonth }, clause: t }];
  if (/(hằng|hàng|mỗi)\s+quý|định kỳ quý/iu.test(t)) {
    const first = span ? +span[1] : (issuedOn?.month ?? 1);
    const last = span ? +span[2] : 12;
    const out: DateFact[] = [];
    for (let q = 1; q <= 4; q++)
      if (q * 3 >= first && (q - 1) * 3 + 1 <= last)
        out.push({
          start: monthStart(Math.max(q * 3 - 2, first)),
          dueBy: monthEnd(q * 3),
          clause: `${shorten(t, 70)} (quý ${['I', 'II', 'III', 'IV'][q - 1]})`,
        });
    return out;
  }
  const month = /(?:trong\s+)?tháng\s+(\d{1,2})(?:\s*[/\-]\s*(\d{4})|\s+năm\s+(\d{4}))?(?!\s*(?:đến|tới|-|–))/iu.exec(t);
  const inMonth = /trong\s+tháng\s+(\d{1,2})\b|^\s*tháng\s+(\d{1,2})\s*[/\-]\s*\d{4}\s*$/iu.test(t);
  if (month && inMonth && +month[1] >= 1 && +month[1] <= 12 && (!(month[2] ?? month[3]) || +(month[2] ?? month[3]) === year))
    return [{ start: monthStart(+month[1]), dueBy: monthEnd(+month[1]), clause: t }];
  const quarter = /\bquý\s+(IV|III|II|I|[1-4])\b/iu.exec(t);
  if (quarter) {
    const n = ROMAN_Q[quarter[1].toUpperCase()] ?? +quarter[1];
    return [{ start: monthStart(n * 3 - 2), dueBy: monthEnd(n * 3), clause: t }];
  }
  if (/6 tháng đầu năm|sáu tháng đầu năm/iu.test(t)) return [{ dueBy: monthEnd(6), clause: t }];
  if (/6 tháng cuối năm|sáu tháng cuối năm/iu.test(t)) return [{ start: monthStart(7), dueBy: monthEnd(12), clause: t }];
  const day = new RegExp(String.raw`^\s*(?:vào\s+)?ngày\s+${DATE}\s*$`, 'iu').exec(t);
  if (day) {
    const d = dateOf(day, 1);
    if (d) return [{ due: d, eventDate: d, clause: t }];
  }
  return [];
}

interface Part {
  ref: string;
  words: string;
  duties: string;
  resp: Responsible;
}

/** Section IV: who is responsible for each part, with the part's duties. */
function organisationParts(s: PlanStructure): Part[] {
  const parts: Part[] = [];
  for (const sec of s.sections.filter((x) => x.kind === 'organisation')) {
    for (const a of sec.activities) {
      let words = a.text;
      let duties = [...a.body, ...a.subs.map((x) => x.text)].join(' ');
      const colon = a.text.indexOf(':');
      if (a.body.length && (a.text.split(/\s+/).length <= 15 || a.text.endsWith(':'))) words = a.text.replace(/:$/, '');
      else if (colon > 0 && colon < 120) {
        words = a.text.slice(0, colon);
        duties = `${a.text.slice(colon + 1).trim()} ${duties}`.trim();
      } else duties = `${a.text} ${duties}`.trim();
      const resp = responsibleIn(words, 14);
      parts.push({ ref: a.ref, words, duties, resp });
    }
  }
  return parts;
}

/** The activity a table row repeats: most of the row's words are in it, and it is not much longer. */
function bestActivity<T extends { full: string; item: DraftItem }>(content: string, among: T[]): T | undefined {
  const words = (x: string) =>
    new Set(
      fold(x)
        .split(' ')
        .filter((w) => w.length > 1 && !/^\d+$/.test(w)),
    );
  const row = words(content);
  let best: { b: T; score: number } | undefined;
  for (const b of among) {
    const w = words(b.item.note ?? b.full);
    const shared = [...row].filter((x) => w.has(x)).length;
    const score = shared / Math.max(1, Math.min(row.size, w.size));
    if (score >= 0.8 && shared / Math.max(row.size, w.size) >= 0.3 && (!best || score > best.score)) best = { b, score };
  }
  return best?.b;
}

const TOPICS: RegExp[] = [
  /kinh phi|du toan|quyet toan|ngan sach|nguon luc/,
  /tuyen truyen|truyen thong|phat thanh/,
  /y te|tiem chung|dinh duong/,
  /an ninh|trat tu/,
  /co so du lieu|so lieu/,
];
const LEAD = /tham muu|chu tri|dau moi|thuong truc|co quan thuong truc/;

export interface DraftOptions {
  /** Name of the draft file, for the validator's messages. */
  outName?: string;
}

/** Builds the draft plan file (dondoc/plan@1 YAML with comments) and the summary of what was found and what is left. */
/** Builds the draft plan file (dondoc/plan@1 YAML with comments) and the summary of what was found and what is left. */
export function draftPlan(s: PlanStructure, o: DraftOptions = {}): PlanDraft {
  const place = draftPlace(s);
  const parties = draftParties(s);
  const { items, built } = activityItems(s, place.year, parties);
  mergeAssignmentRows(s, place.year, parties, items, built);
  const events = nationalEvents(place.year, items, built);
  const { used, signerKey, villages } = rolesUsed(s, items);
  const { units, issuer, recipients, monitorUnit } = draftUnits(s, place, villages);
  used.add(place.monitorKey);
  const f: DraftFacts = { s, place, parties, items, used, signerKey, villages, units, issuer, recipients, monitorUnit };
  const w = yamlWriter();
  const issuedOn = renderPlanHeader(w, f);
  const roleKeys = renderUnitsAndRoles(w, f);
  renderPolicies(w, f);
  const nSteps = renderItems(w, f);
  return checkedDraft(w, f, o, { issuedOn, roleKeys, nSteps, events });
}

/** Where the plan comes from (its year, commune, district, province) and whether the two-level structure applies. */
function draftPlace(s: PlanStructure) {
  const year = planYear(s);
  const pl = places(s);
  const commune = pl.commune ?? pl.communeFromPlace;
  const kindSlug = slug(pl.communeKind);
  const communeId = commune ? `ubnd_${kindSlug}_${slug(commune)}` : undefined;
  // The two-level structure: no district from 1/7/2025; the commune's own departments (Phòng Văn hóa - Xã hội, Phòng
  // Kinh tế); the province's Sở Y tế monitors the work for children (from 1/3/2025).
  const issued = s.date.year
    ? `${s.date.year}-${String(s.date.month ?? 1).padStart(2, '0')}-${String(s.date.day ?? 1).padStart(2, '0')}`
    : year
      ? `${year}-01-01`
      : undefined;
  const twoLevel = !!issued && (issued >= '2025-07-01' || (issued >= '2025-01-01' && !pl.district));
  const districtId = pl.district && !twoLevel ? `${slug(pl.districtKind)}_${slug(pl.district)}` : undefined;
  const monitorKey = twoLevel ? 'province_monitor' : 'district_monitor';
  const provinceId = pl.province ? `tinh_${slug(pl.province)}` : undefined;
  return { year, pl, commune, communeId, twoLevel, districtId, monitorKey, provinceId };
}
type DraftPlace = ReturnType<typeof draftPlace>;

/** Who is responsible for what: the parts of section IV, the lead, the roles' own titles, the party of a text. */
function draftParties(s: PlanStructure) {
  // "Công chức Văn hóa - Xã hội" alone: the commune's one such officer when the document names no other; in section
  // IV, next to a part for one of the two officers, the other one; otherwise two possible holders (a TODO).
  const allText = [
    ...s.sections.flatMap((x) => [...x.intro, ...x.activities.flatMap((a) => [a.text, ...a.body, ...a.subs.map((b) => b.text)])]),
    ...s.assignments.map((r) => `${r.row.lead ?? ''} ${r.row.helpers ?? ''}`),
  ].join('\n');
  const namedKeys = new Set(
    findRoles(allText)
      .map((m) => m.key)
      .filter(Boolean),
  );
  const rawParts = organisationParts(s);
  const partKeys = new Set(rawParts.map((p) => p.resp.key).filter(Boolean));
  function settle(r: Responsible, inPart: boolean): Responsible {
    const c = r.candidates;
    if (r.key || !c || !c.includes('officer_ldtbxh') || !c.includes('officer_culture')) return r;
    const named = c.filter((k) => namedKeys.has(k));
    if (!named.length) return { ...r, key: 'officer_vhxh', todo: undefined };
    const other = c.filter((k) => !partKeys.has(k));
    if (inPart && other.length === 1) return { ...r, key: other[0], todo: undefined };
    return r;
  }
  const parts = rawParts.map((p) => ({ ...p, resp: settle(p.resp, true) }));
  const lead =
    parts.find((p) => p.resp.key && roleDef(p.resp.key)?.level === 'commune' && LEAD.test(fold(p.duties))) ??
    parts.find((p) => p.resp.key && roleDef(p.resp.key)?.level === 'commune' && /noi dung ke hoach/.test(fold(p.duties)));
  const leadKey = lead?.resp.key;
  const roleWords = new Map<string, string>();
  for (const p of parts) {
    const k = p.resp.key;
    if (!k || !p.resp.words || roleWords.has(k)) continue;
    if (roleDef(k)?.level === 'commune') roleWords.set(k, p.words.length <= 90 ? p.words : p.resp.words);
    else if (p.words.length <= 60) roleWords.set(k, p.words);
  }

  /** Who does a piece of work of a non-IV section. */
  const responsibleFor = (text: string, ref: string): { assignee: Val; helpers: string[] } => {
    const own = settle(responsibleIn(text), false);
    if (own.todo) return { assignee: todo(`${own.todo} (${ref})`), helpers: own.helpers };
    if (own.key) return { assignee: own.key, helpers: own.helpers };
    const f = fold(text);
    for (const topic of TOPICS) {
      if (!topic.test(f)) continue;
      const part = parts.find((p) => p.resp.key && p.resp.key !== leadKey && topic.test(fold(`${p.words} ${p.duties}`)));
      if (part?.resp.key) return { assignee: part.resp.key, helpers: own.helpers };
    }
    if (leadKey) return { assignee: leadKey, helpers: own.helpers.filter((h) => h !== leadKey) };
    return { assignee: todo(`văn bản không nêu đơn vị chịu trách nhiệm (${ref})`), helpers: own.helpers };
  };
  return { parts, settle, leadKey, roleWords, responsibleFor };
}
type DraftParties = ReturnType<typeof draftParties>;

type Built = { item: DraftItem; full: string; ref: string; kind: SectionKind };
const dueTodo = (ref: string) => todo(`văn bản không ghi thời hạn (${ref})`);
const undated = (it: DraftItem) => it.steps.every((st) => isTodo(st.due) && !st.dueBy && !st.recurrence && !st.dueLunar);

/** The steps of one piece of work: one per date fact of its text, or one whose date is a TODO. */
function stepsWriter(s: PlanStructure, year: number | undefined) {
  return (text: string, ref: string, who: { assignee: Val; helpers: string[] }, sources: string): DraftStep[] => {
    const facts = datesIn(text, year, s.date);
    const fanOut = typeof who.assignee === 'string' && roleDef(who.assignee)?.level === 'village';
    // "xây dựng, trình UBND xã phê duyệt …": the step goes to the plan's approver (policies.escalation.approval).
    const approval = SUBMIT_FOR_APPROVAL.test(fold(text)) ? DRAFT_APPROVER : undefined;
    const base = { assignee: who.assignee, helpers: who.helpers, fanOut, source: sources, ...(approval ? { approval } : {}) };
    if (!facts.length) return [{ ...base, title: shorten(text), due: dueTodo(ref), src: 'SEED (text); dates TODO' }];
    return facts.map((f) => ({
      ...base,
      title: facts.length > 1 && f.clause ? shorten(f.clause.replace(/[;,]?\s*$/, ''), 110) : shorten(text),
      start: f.start,
      due: f.due,
      dueBy: f.dueBy,
      eventDate: f.eventDate,
      recurrence: f.recurrence,
      src: 'SEED',
    }));
  };
}

/** One item per activity of the sections of work (II and after), with its party and the dates its text gives. */
function activityItems(
  s: PlanStructure,
  year: number | undefined,
  { parts, settle, responsibleFor }: DraftParties,
): { items: DraftItem[]; built: Built[] } {
  const items: DraftItem[] = [];
  const stepsFor = stepsWriter(s, year);
  const built: Built[] = [];
  for (const sec of s.sections.filter((x) => WORK_SECTIONS.includes(x.kind))) {
    for (const a of sec.activities) {
      const isPart = sec.kind === 'organisation';
      const part = isPart ? parts.find((p) => p.ref === a.ref) : undefined;
      const full =
        part && part.duties && part.words !== part.duties
          ? `${part.words}: ${part.duties}`
          : [a.text, ...a.subs.map((x) => x.text), ...a.body].join(' ');
      let who: { assignee: Val; helpers: string[] };
      if (part) {
        who = part.resp.key
          ? { assignee: part.resp.key, helpers: part.resp.helpers }
          : {
              assignee: todo(
                part.resp.todo
                  ? `${part.resp.todo} (${a.ref})`
                  : `không nhận ra đơn vị chịu trách nhiệm: “${shorten(part.words, 80)}” (${a.ref})`,
              ),
              helpers: part.resp.helpers,
            };
      } else who = responsibleFor(a.text, a.ref);
      const ivRef = part ? a.ref : typeof who.assignee === 'string' ? parts.find((p) => p.resp.key === who.assignee)?.ref : undefined;
      const sources = [a.ref, ivRef].filter((x, i, all) => x && all.indexOf(x) === i).join('; ');
      const titleText = part ? part.duties || a.text : a.text;
      const item: DraftItem = {
        title: shorten(titleText),
        source: a.ref,
        src: 'SEED',
        note: full.length > shorten(titleText).length ? full : undefined,
        steps: [],
      };
      if (a.subs.length && !isPart) {
        for (const sub of a.subs) {
          const subWho = settle(responsibleIn(sub.text), false);
          const w = subWho.key ? { assignee: subWho.key, helpers: subWho.helpers } : who;
          item.steps.push(...stepsFor(sub.text, a.ref, w, sources));
        }
      } else {
        // Dates written in the body under an activity ("… hoàn thành trước ngày 30/4") count as its own.
        const own = stepsFor(part ? titleText : a.text, a.ref, who, sources);
        const withBody =
          a.body.length && own.every((st) => isTodo(st.due)) ? stepsFor(`${a.text} ${a.body.join(' ')}`, a.ref, who, sources) : own;
        item.steps.push(
          ...(withBody === own || withBody.every((st) => isTodo(st.due))
            ? own
            : withBody.length === 1
              ? [{ ...withBody[0], title: own[0].title }]
              : withBody),
        );
      }
      items.push(item);
      built.push({ item, full, ref: a.ref, kind: sec.kind });
    }
  }
  return { items, built };
}

/**
 * Rows of an assignment table: a row that repeats an activity of the text completes it (party, helpers, dates);
 * another row is an activity of its own.
 */
function mergeAssignmentRows(
  s: PlanStructure,
  year: number | undefined,
  { settle }: DraftParties,
  items: DraftItem[],
  built: Built[],
): void {
  s.assignments.forEach(({ row }, i) => {
    const ref = `PL.${row.num ?? i + 1}`;
    const lead = row.lead ? settle(responsibleIn(row.lead, 99), false) : undefined;
    const helpers = row.helpers
      ? [
          ...new Set(
            findRoles(row.helpers)
              .map((m) => m.key)
              .filter((k): k is string => !!k),
          ),
        ]
      : [];
    const facts = row.when ? datesIn(row.when, year, s.date) : [];
    const target = bestActivity(
      row.content,
      built.filter((b) => b.kind !== 'organisation'),
    );
    const assignee: Val =
      lead?.key ??
      (lead?.todo
        ? todo(`${lead.todo} (${ref})`)
        : todo(
            row.lead
              ? `không nhận ra đơn vị chịu trách nhiệm: “${shorten(row.lead, 80)}” (${ref})`
              : `văn bản không nêu đơn vị chủ trì (${ref})`,
          ));
    const fanOut = typeof assignee === 'string' && roleDef(assignee)?.level === 'village';
    const dated = (f: DateFact): Partial<DraftStep> => ({
      start: f.start,
      due: f.due,
      dueBy: f.dueBy,
      eventDate: f.eventDate,
      recurrence: f.recurrence,
    });
    if (target) {
      const it = target.item;
      it.source = `${it.source}; ${ref}`;
      for (const st of it.steps) {
        if (lead?.key) {
          st.assignee = lead.key;
          st.fanOut = fanOut;
        }
        st.helpers = [...new Set([...st.helpers, ...helpers])].filter((h) => h !== st.assignee);
        st.source = `${st.source}; ${ref}`;
      }
      if (facts.length && undated(it)) {
        const first = it.steps[0];
        it.steps = facts.map((f) => ({ ...first, ...dated(f), due: f.due, src: 'SEED (appendix table)' }));
      }
      return;
    }
    const steps: DraftStep[] = (facts.length ? facts : [undefined]).map((f) => ({
      title: shorten(row.content),
      assignee,
      helpers: helpers.filter((h) => h !== assignee),
      fanOut,
      source: ref,
      ...(f ? { ...dated(f), src: 'SEED (appendix table)' } : { due: dueTodo(ref), src: 'SEED (appendix table); dates TODO' }),
    }));
    const item: DraftItem = {
      title: shorten(row.content),
      source: ref,
      src: 'SEED (appendix table)',
      note: row.product ? `${row.content} — sản phẩm: ${row.product}` : undefined,
      steps,
    };
    items.push(item);
    built.push({ item, full: row.content, ref, kind: 'content' });
  });
}

/**
 * National events named in an activity: one event dates an undated activity; several (or an activity with its own
 * dates) give steps of their own. An event window is an item of its own.
 */
function nationalEvents(year: number | undefined, items: DraftItem[], built: Built[]): ImportSummary['events'] {
  const events: ImportSummary['events'] = [];
  for (const { item, full, ref } of built) {
    const ff = folded(full);
    const found = EVENTS.map((ev) => ({ ev, m: ev.pattern.exec(ff.text) })).filter(
      (x): x is { ev: (typeof EVENTS)[number]; m: RegExpExecArray } => !!x.m,
    );
    const single = found.length === 1;
    for (const { ev, m } of found) {
      const name = originalOf(full, ff, m.index, m.index + m[0].length);
      const eventTitle = year ? `${name.charAt(0).toLocaleUpperCase('vi')}${name.slice(1)} ${year}` : name;
      const main = item.steps[0];
      const base = { helpers: [], assignee: main.assignee, fanOut: main.fanOut, source: ref };
      const fill = single && undated(item) && item.steps.length === 1;
      if (ev.kind === 'window' && year) {
        const from = `${year}-${ev.from}`;
        const to = `${year}-${ev.to}`;
        const seen = items.find((x) => x.window && x.window.from === from && x.window.to === to && fold(x.title) === fold(eventTitle));
        if (seen) {
          seen.source = `${seen.source}; ${ref}`;
          events.push({ name, source: ref, when: `${from}..${to}` });
          continue;
        }
        items.push({
          title: eventTitle,
          source: ref,
          src: 'SEED + S',
          window: { from, to },
          steps: [{ ...base, title: eventTitle, start: from, due: to, src: 'S (dates of the national event)' }],
          comment: `S: ${name} diễn ra ${ev.from!.split('-').reverse().join('/')}–${ev.to!.split('-').reverse().join('/')} hằng năm`,
        });
        if (fill) Object.assign(main, { start: from, due: to, src: 'SEED + S (dates of the national event)' });
        events.push({ name, source: ref, when: `${from}..${to}` });
      } else if (ev.kind === 'day' && year) {
        const d = `${year}-${ev.from}`;
        if (fill) Object.assign(main, { eventDate: d, due: d, src: 'SEED + S (date of the national day)' });
        else if (!item.steps.some((st) => st.due === d || st.eventDate === d))
          item.steps.push({ ...base, title: eventTitle, eventDate: d, due: d, src: 'S (date of the national day)' });
        events.push({ name, source: ref, when: d });
      } else if (ev.kind === 'lunar') {
        if (fill) Object.assign(main, { due: undefined, dueLunar: ev.lunar, src: 'SEED + S (15/8 lunar)' });
        else item.steps.push({ ...base, title: eventTitle, dueLunar: ev.lunar, src: 'S (15/8 lunar)' });
        events.push({ name, source: ref, when: `lunar ${ev.lunar}` });
      } else if (!single) {
        item.steps.push({ ...base, title: eventTitle, due: todo(`văn bản không ghi ngày của ${name} (${ref})`), src: 'SEED; date TODO' });
        events.push({ name, source: ref, when: 'TODO' });
      } else events.push({ name, source: ref, when: undated(item) ? 'TODO' : 'SEED' });
    }
  }
  return events;
}

/** Roles used, plus the ones the default policies name; the signer's role; whether villages are named. */
function rolesUsed(s: PlanStructure, items: DraftItem[]) {
  const used = new Set<string>(['chairman', 'vice_chair_vhxh']);
  for (const it of items)
    for (const st of it.steps) [st.assignee, ...st.helpers].forEach((k) => typeof k === 'string' && roleDef(k) && used.add(k));
  const signerKey = s.signer ? (s.signer.role === 'vice_chair' ? 'vice_chair_vhxh' : 'chairman') : undefined;
  const villages = [...used].some((k) => roleDef(k)?.level === 'village');
  return { used, signerKey, villages };
}

type DraftUnit = { id: string; kind: Val; name: Val; parent?: string; placeholder?: boolean; src?: string; comment?: string };

/** The units of the plan: province, district (before the reform), commune, the recipients' units, the villages, the monitoring body's. */
function draftUnits(s: PlanStructure, { pl, commune, communeId, twoLevel, districtId, provinceId }: DraftPlace, villages: boolean) {
  const units: DraftUnit[] = [];
  const addUnitNow = (u: (typeof units)[number]) => {
    if (!units.some((x) => x.id === u.id)) units.push(u);
    return u.id;
  };
  if (provinceId) addUnitNow({ id: provinceId, kind: 'province', name: `Tỉnh ${pl.province}`, src: 'SEED' });
  if (districtId)
    addUnitNow({
      id: districtId,
      kind: 'district',
      parent: provinceId,
      name: `${pl.districtKind.charAt(0).toLocaleUpperCase('vi')}${pl.districtKind.slice(1)} ${pl.district}`,
      src: 'SEED',
    });
  const issuer: Val = communeId ?? todo('văn bản không nêu xã ban hành');
  if (communeId)
    addUnitNow({
      id: communeId,
      kind: 'commune',
      parent: districtId ?? (twoLevel ? provinceId : undefined),
      name: `UBND ${pl.communeKind} ${commune}`,
      src: pl.commune ? 'SEED' : 'SEED (place of issue)',
    });
  const districtDeptNow = (words: string) => {
    const sub = slug(words.replace(/^phòng\s+/iu, '').replace(/\s+(huyện|quận|thị xã)(\s.*)?$/iu, '')).replace(
      /ldtb_xh|lao_dong_thuong_binh_va_xa_hoi|lao_dong_thuong_binh_xa_hoi/,
      'ldtbxh',
    );
    if (twoLevel)
      return addUnitNow({
        id: `phong_${sub.replace(/_(xa|phuong)$/, '')}`.slice(0, 60),
        kind: 'office',
        parent: communeId,
        name: words,
        src: 'SEED',
      });
    return addUnitNow({
      id: `phong_${sub}${pl.district ? `_${slug(pl.district)}` : ''}`.slice(0, 60),
      kind: 'district_dept',
      parent: districtId,
      name:
        pl.district && !fold(words).includes(fold(pl.district))
          ? `${words.replace(/\s+(huyện|quận|thị xã)$/u, '')} ${pl.districtKind} ${pl.district}`
          : words,
      src: 'SEED',
    });
  };
  const unitsOf = (r: Recipient): string[] | undefined => {
    const one = (name: string, dry = false): string | undefined => {
      const f = fold(name);
      const addUnit = (u: (typeof units)[number]) => (dry ? u.id : addUnitNow(u));
      const districtDept = (words: string) => (dry ? 'dept' : districtDeptNow(words));
      if (/^luu\b/.test(f)) return addUnit({ id: 'van_thu', kind: 'office', parent: communeId, name: `Văn thư UBND ${pl.communeKind}` });
      if (/(cac|co so) (thon|to dan pho|khu pho)|thon ban|to dan pho/.test(f)) return 'villages_all';
      if (/^phong /.test(f)) return districtDept(name.trim());
      if (/^(ubnd|uy ban nhan dan) (huyen|quan|thi xa|thanh pho)/.test(f)) return districtId;
      if (/^so /.test(f))
        return addUnit({
          id: slug(name.replace(/\s+tỉnh\s+/iu, ' ')).slice(0, 50),
          kind: 'province_dept',
          parent: provinceId,
          name: name.trim(),
          src: 'SEED',
        });
      if (/dang uy|\bdu\b|dang bo/.test(f))
        return addUnit({
          id: 'dang_uy_xa',
          kind: 'party_committee',
          parent: communeId,
          name: `Đảng ủy ${pl.communeKind} ${commune ?? ''}`.trim(),
        });
      if (/hdnd|hoi dong nhan dan/.test(f))
        return addUnit({ id: 'hdnd_xa', kind: 'council', parent: communeId, name: `HĐND ${pl.communeKind} ${commune ?? ''}`.trim() });
      if (/mttq|mat tran/.test(f))
        return addUnit({ id: 'mttq_xa', kind: 'office', parent: communeId, name: `Ủy ban MTTQ ${pl.communeKind} ${commune ?? ''}`.trim() });
      if (/ban nganh|doan the/.test(f)) return addUnit({ id: 'ban_nganh_doan_the', kind: 'office', parent: communeId, name: name.trim() });
      return undefined;
    };
    const pieces = r.name
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (pieces.length > 1 && pieces.every((x) => one(x, true))) return [...new Set(pieces.map((x) => one(x) as string))];
    const whole = one(r.name);
    return whole ? [whole] : undefined;
  };
  const recipients: { unit: Val; purpose: Val; words: string }[] = [];
  for (const r of s.recipients) {
    const purpose: Val = r.purpose ?? todo(`chưa rõ gửi “${r.name}” để làm gì (báo cáo / thực hiện / lưu…)`);
    const ids = unitsOf(r);
    if (ids) ids.forEach((id) => recipients.push({ unit: id, purpose, words: r.text }));
    else {
      const id = addUnitNow({
        id: slug(r.name).slice(0, 40) || 'noi_nhan',
        kind: todo(`chưa rõ loại đơn vị của nơi nhận “${r.name}”`),
        parent: communeId,
        name: r.name,
        src: 'SEED',
      });
      recipients.push({ unit: id, purpose, words: r.text });
    }
  }
  if (villages || recipients.some((r) => r.unit === 'villages_all')) {
    addUnitNow({
      id: 'thon_01',
      kind: 'village',
      parent: communeId,
      name: todo('văn bản không nêu tên các thôn: mỗi thôn một dòng (thon_01, thon_02, …)'),
      placeholder: true,
    });
  }
  if (twoLevel && !units.some((u) => u.kind === 'province_dept' && /^so_y_te/.test(u.id)) && pl.province) {
    addUnitNow({
      id: `so_y_te_${slug(pl.province)}`,
      kind: 'province_dept',
      parent: provinceId,
      name: `Sở Y tế tỉnh ${pl.province}`,
      src: 'S (from 1/3/2025 the Sở Y tế follows the work for children)',
    });
  }
  const monitorUnit = twoLevel
    ? (units.find((u) => u.kind === 'province_dept' && /^so_y_te/.test(u.id))?.id ?? provinceId)
    : (units.find((u) => u.kind === 'district_dept')?.id ?? districtId);
  return { units, issuer, recipients, monitorUnit };
}

/** What the draft is written from: the structure and everything read from it. */
interface DraftFacts {
  s: PlanStructure;
  place: DraftPlace;
  parties: DraftParties;
  items: DraftItem[];
  used: Set<string>;
  signerKey?: string;
  villages: boolean;
  units: DraftUnit[];
  issuer: Val;
  recipients: ReturnType<typeof draftUnits>['recipients'];
  monitorUnit?: string;
}

/** The YAML being written, line by line; a TODO value is written "TODO: why" and listed with its path. */
function yamlWriter() {
  const todos: ImportSummary['todos'] = [];
  const v = (path: string, x: Val | undefined): string => {
    if (x === undefined) return '';
    if (isTodo(x)) {
      todos.push({ path, reason: x.todo });
      return q(`TODO: ${x.todo}`);
    }
    return typeof x === 'number'
      ? String(x)
      : (/^[A-Za-z0-9_.*-]+$/.test(x) && !/^\d/.test(x)) || /^\d{4}-\d{2}(-\d{2})?$/.test(x)
        ? x
        : q(x);
  };
  const flow = (path: string, fields: [string, Val | undefined | string[] | boolean | object][]): string =>
    `{${fields
      .filter(([, x]) => x !== undefined && x !== false && !(Array.isArray(x) && !x.length))
      .map(([k, x]): string => {
        if (Array.isArray(x)) return `${k}: [${x.join(', ')}]`;
        if (x === true) return `${k}: true`;
        if (typeof x === 'object' && !isTodo(x)) return `${k}: ${flow(`${path}.${k}`, Object.entries(x) as [string, Val][])}`;
        return `${k}: ${v(`${path}.${k}`, x as Val)}`;
      })
      .join(', ')}}`;
  const out: string[] = [];
  const line = (s2: string) => out.push(s2);
  return { todos, v, flow, out, line };
}
type YamlWriter = ReturnType<typeof yamlWriter>;

/** The header comments and the `plan` block; gives the date of issue (a TODO when the document's is incomplete). */
function renderPlanHeader(
  { v, flow, line }: YamlWriter,
  { s, place: { year, commune }, signerKey, recipients, issuer }: DraftFacts,
): string | Todo {
  const issuedOn: string | Todo =
    s.date.year && s.date.month && s.date.day
      ? `${s.date.year}-${String(s.date.month).padStart(2, '0')}-${String(s.date.day).padStart(2, '0')}`
      : todo(`ngày ban hành chưa đủ trong văn bản (“${s.date.text ?? 'không có dòng ngày tháng'}”)`);
  const idPlace = commune ? initials(commune) : undefined;
  const planId: Val = idPlace && year ? `${idPlace}-${year}-${topicInitials(s.title ?? '')}` : todo('mã kế hoạch (ví dụ XA-2024-CHUDE)');

  line(`# Bản dự thảo tệp kế hoạch, nhập từ ${s.file} bằng \`plan import\`. Đọc lại toàn bộ: mỗi chỗ "TODO" là điều`);
  line('# văn bản không nói (một ngày, một người, một địa chỉ thư điện tử); điền từng chỗ rồi kiểm tra tệp bằng');
  line('# `npm run -s cli -- plan validate <tệp>`, lệnh này liệt kê các TODO còn lại theo dòng và cột.');
  line('# `src`: SEED = đọc từ văn bản, S = quy định chung (ngày của sự kiện toàn quốc), A = mặc định của dondoc.');
  line(`format: ${PLAN_FORMAT}`);
  line('timezone: Asia/Ho_Chi_Minh');
  line('');
  line('plan:');
  line(`  id: ${v('plan.id', planId)}${isTodo(planId) ? '' : '   # C: chữ đầu của địa danh, năm và chủ đề'}`);
  line(`  number: ${q(s.number ?? '__/KH-UBND')}${s.numberKnown ? '   # SEED' : '   # SEED: văn bản để trống số'}`);
  line(`  issued_on: ${v('plan.issued_on', issuedOn)}${s.date.line ? `   # SEED: dòng ${s.date.line}` : ''}`);
  line(
    `  title: ${v('plan.title', s.title ? `Kế hoạch ${s.title.charAt(0).toLocaleLowerCase('vi')}${s.title.slice(1)}`.replace(/^Kế hoạch kế hoạch /iu, 'Kế hoạch ') : todo('không thấy tên kế hoạch'))}`,
  );
  line(`  issuer: ${v('plan.issuer', issuer)}`);
  if (s.signer && signerKey)
    line(
      `  signer: ${flow('plan.signer', [
        ['role', signerKey],
        ['formula', s.signer.formula.replace(/\s+/g, ' ')],
        ['src', 'SEED'],
      ])}   # dòng ${s.signer.line}`,
    );
  else
    line(
      `  signer: ${flow('plan.signer', [
        ['role', todo('không thấy phần chữ ký')],
        ['formula', todo('thể thức ký, ví dụ KT. CHỦ TỊCH / PHÓ CHỦ TỊCH')],
      ])}`,
    );
  line(`  year: ${v('plan.year', year ?? todo('năm của kế hoạch'))}`);
  line(
    `  rehearsal_start: ${v('plan.rehearsal_start', todo('ngày bắt đầu khi chạy diễn tập (ví dụ ngày làm việc đầu tiên sau ngày ban hành)'))}`,
  );
  if (s.legalBases.length) {
    line('  legal_bases:');
    s.legalBases.forEach((b, i) => {
      const ref =
        b.kind && (b.number || /^(Bộ luật|Luật)\s/u.test(b.kind))
          ? `${b.kind}${b.number ? ` ${b.number}` : ''}${b.body ? ` (${b.body})` : ''}`
          : shorten(b.text.replace(/^(Căn cứ|Thực hiện|Theo)\s+/iu, ''), 120);
      line(
        `    - ${flow(`plan.legal_bases.${i}`, [
          ['ref', ref],
          ['date', b.date],
          ['src', 'SEED'],
        ])}   # dòng ${b.line}`,
      );
    });
  }
  if (recipients.length) {
    line('  recipients:                          # Nơi nhận');
    recipients.forEach((r, i) =>
      line(
        `    - ${flow(`plan.recipients.${i}`, [
          ['unit', r.unit],
          ['purpose', r.purpose],
        ])}   # ${r.words.replace(/\s+/g, ' ')}`,
      ),
    );
  }
  return issuedOn;
}

/** `org_units` and `roles`; gives the role keys in their written order. */
function renderUnitsAndRoles(
  { flow, line }: YamlWriter,
  { s, place: { pl, communeId, monitorKey }, parties: { roleWords, leadKey }, used, signerKey, units, monitorUnit }: DraftFacts,
): string[] {
  line('');
  line('org_units:');
  units.forEach((u, i) =>
    line(
      `  - ${flow(`org_units.${i}`, [
        ['id', u.id],
        ['kind', u.kind],
        ['parent', u.parent],
        ['name', u.name],
        ['placeholder', u.placeholder],
        ['src', u.src],
      ])}`,
    ),
  );
  if (!units.length)
    line(
      `  - ${flow('org_units.0', [
        ['id', 'ubnd_xa'],
        ['kind', 'commune'],
        ['name', todo('xã ban hành kế hoạch')],
      ])}`,
    );
  line('');
  line('# Vai trò thấy trong văn bản (mục IV và các nội dung) và các vai trò quy định mặc định cần. Họ tên và địa chỉ');
  line('# thư điện tử không có trong văn bản kế hoạch: hãy điền vào.');
  line('roles:');
  const roleKeys = [...used].sort((a, b) => order(a) - order(b));
  for (const k of roleKeys) {
    const def = roleDef(k);
    const village = def?.level === 'village';
    const monitorTitle =
      k === 'province_monitor'
        ? `Chuyên viên theo dõi công tác trẻ em, ${String(units.find((u) => u.id === monitorUnit)?.name ?? 'Sở Y tế')}`
        : 'Cơ quan theo dõi cấp huyện';
    const title = roleWords.get(k) ?? def?.title.replace(/ xã(?=$|[ )])/gu, ` ${pl.communeKind}`) ?? (k === monitorKey ? monitorTitle : k);
    const unit: Val =
      k === monitorKey ? (monitorUnit ?? todo('đơn vị của cơ quan theo dõi')) : village ? 'thon_*' : (communeId ?? todo('đơn vị'));
    const supervisor =
      k === 'chairman' || k === monitorKey
        ? undefined
        : k.startsWith('vice_chair')
          ? 'chairman'
          : village
            ? (leadKey ?? 'vice_chair_vhxh')
            : 'vice_chair_vhxh';
    const person: Val =
      k === signerKey && s.signer?.name
        ? s.signer.name
        : todo(k === monitorKey ? 'họ tên cán bộ theo dõi của cơ quan cấp trên' : 'họ tên người đảm nhiệm');
    line(
      `  ${k}: ${flow(`roles.${k}`, [
        ['unit', unit],
        ['title', title.charAt(0).toLocaleUpperCase('vi') + title.slice(1)],
        ['person', person],
        [
          'email',
          village
            ? todo('mỗi thôn một địa chỉ thư điện tử, "{nn}" là số thứ tự của thôn, ví dụ truongthon-{nn}@xa.example.org')
            : todo('địa chỉ thư điện tử'),
        ],
        ['supervisor', supervisor],
        ['lead', k === leadKey],
        ['external', def?.external ?? false],
        ['fan_out', village ? 'villages_all' : undefined],
      ])}${k === signerKey && s.signer?.name ? '   # person: SEED (phần chữ ký)' : ''}`,
    );
  }
  return roleKeys;
}

/** `policies`: dondoc's defaults. */
function renderPolicies({ line }: YamlWriter, { place: { monitorKey, twoLevel }, parties: { leadKey }, villages }: DraftFacts): void {
  line('');
  line('# A: mặc định của dondoc (như plans/ha-giang-2023.yaml), không lấy từ văn bản; sửa nếu xã làm việc khác.');
  line('policies:');
  line('  reminders_default: {before_wd: [-3, -1, 0], channel: email, send_on_non_working_days: false}');
  line('  escalation:');
  line(
    '    commune_officer: [{after_wd: 1, to: vice_chair_vhxh}, {after_wd: 3, to: chairman}, {after_wd: 5, to: monitoring_body, mode: digest}]',
  );
  if (villages)
    line(
      `    village: [{after_wd: 1, to: ${leadKey ?? 'vice_chair_vhxh'}}, {after_wd: 3, to: vice_chair_vhxh}, {after_wd: 5, to: chairman}]`,
    );
  line(
    `    approval: {approver: ${DRAFT_APPROVER}, sla_wd: 2, on_breach: {to: chairman}, rejection_requires_reason: true, resubmission_restarts_sla: true}`,
  );
  line('  monitoring_body_by_date:');
  line(`    - {role: ${monitorKey}}${twoLevel ? '   # S: chính quyền địa phương hai cấp (từ 1/7/2025), Sở Y tế của tỉnh' : ''}`);
}

/** `items`, each with its steps; gives the number of steps. */
function renderItems({ flow, line }: YamlWriter, { items }: DraftFacts): number {
  line('');
  line('# Mỗi nội dung đánh số của văn bản (từ mục II) là một item; `source` là mục và số của nó.');
  line('items:');
  let nSteps = 0;
  items.forEach((it, i) => {
    const id = `I${String(i + 1).padStart(2, '0')}`;
    const base = `items.${i}`;
    line(`  - id: ${id}`);
    line(`    title: ${q(it.title)}`);
    line(`    source: ${q(it.source)}`);
    line(`    src: ${q(it.src)}${it.comment ? `   # ${it.comment}` : ''}`);
    if (it.note) line(`    note: ${q(it.note)}`);
    if (it.window) line(`    window: {from: ${it.window.from}, to: ${it.window.to}, src: S}`);
    line('    steps:');
    it.steps.forEach((st, j) => {
      nSteps++;
      line(
        `      - ${flow(`${base}.steps.${j}`, [
          ['id', `${id}.${j + 1}`],
          ['title', st.title],
          ['assignee', st.assignee],
          ['helpers', st.helpers.filter((h) => h !== st.assignee)],
          ['fan_out', st.fanOut ? 'villages_all' : undefined],
          ['approval', st.approval],
          ['start', st.start],
          ['due', st.due],
          ['due_by', st.dueBy],
          ['due_lunar', st.dueLunar],
          ['event_date', st.eventDate],
          [
            'recurrence',
            st.recurrence
              ? { freq: 'monthly', from: st.recurrence.from, to: st.recurrence.to, due: st.recurrence.day ?? 'last_working_day_of_month' }
              : undefined,
          ],
          ['escalation', st.fanOut ? 'village' : undefined],
          ['source', st.source],
          ['src', st.src],
        ])}`,
      );
    });
  });
  return nSteps;
}

/** The draft checked against the format (its TODOs as the validator reports them) and its summary. */
function checkedDraft(
  { out, todos }: YamlWriter,
  { s, place: { pl, commune, communeId }, items }: DraftFacts,
  o: DraftOptions,
  { issuedOn, roleKeys, nSteps, events }: { issuedOn: string | Todo; roleKeys: string[]; nSteps: number; events: ImportSummary['events'] },
): PlanDraft {
  const yaml = `${out.join('\n')}\n`;
  const outName = o.outName ?? 'draft.yaml';
  const check = parsePlanFile(yaml, outName);
  const todoDiagnostics = check.ok ? [] : check.errors.filter((e) => e.code === 'TODO');
  const other = check.ok ? [] : check.errors.filter((e) => e.code !== 'TODO');
  if (other.length) {
    // The importer writes only what the format allows; anything else is a bug here, not in the document.
    throw new Error(`the draft does not follow ${PLAN_FORMAT}: ${other.map(formatDiagnostic).join('; ')}`);
  }
  return {
    yaml,
    summary: {
      file: s.file,
      title: s.title,
      number: s.number,
      numberKnown: s.numberKnown,
      issuedOn: isTodo(issuedOn) ? undefined : issuedOn,
      issuer: communeId ? `UBND ${pl.communeKind} ${commune}` : undefined,
      signer: s.signer ? `${s.signer.formula}${s.signer.name ? ` — ${s.signer.name}` : ''}` : undefined,
      legalBases: s.legalBases.length,
      recipients: s.recipients.length,
      sections: s.sections.map((x) => ({ numeral: x.numeral, label: x.label, kind: x.kind, activities: x.activities.length })),
      items: items.length,
      steps: nSteps,
      roles: roleKeys,
      events,
      removedPageNumbers: s.removedPageNumbers,
      fixedLabels: s.fixedLabels,
      todos,
      todoDiagnostics,
    },
  };
}

const ROLE_ORDER = [
  'chairman',
  'vice_chair_vhxh',
  'vice_chair_kt',
  'dept_vhxh',
  'dept_kt',
  'officer_vhxh',
  'officer_ldtbxh',
  'officer_culture',
  'finance_officer',
  'office_officer',
  'justice_officer',
];
const order = (k: string) => (ROLE_ORDER.includes(k) ? ROLE_ORDER.indexOf(k) : /_monitor$/.test(k) ? 99 : 50);

export { findRoles };
export type { Activity, RecipientPurpose };
