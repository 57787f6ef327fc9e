/** Text helpers for Vietnamese documents: diacritic-insensitive matching that can point back at the original words. */

/** One character folded: no diacritics, đ → d, lower case; anything but a letter or digit becomes a space. */
const foldChar = (c: string): string => {
  const f = c.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  return /^[a-z0-9]+$/.test(f) ? f : ' ';
};

/** Folded text: "Công chức Tài chính - kế toán" → "cong chuc tai chinh ke toan". */
export const fold = (s: string): string => folded(s).text;

/** The folded text and, for each of its characters, the index of the original character it came from. */
export function folded(s: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  const chars = [...s.normalize('NFC')];
  let at = 0;
  for (const c of chars) {
    const f = foldChar(c);
    for (const ch of f) {
      if (ch === ' ' && (text === '' || text.endsWith(' '))) continue;
      text += ch;
      map.push(at);
    }
    at += c.length;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  return { text, map };
}

/** The original words behind a match in folded text. */
export function originalOf(s: string, f: { map: number[] }, start: number, end: number): string {
  const nfc = s.normalize('NFC');
  const from = f.map[start] ?? 0;
  const lastChar = f.map[Math.max(start, end - 1)] ?? nfc.length - 1;
  const to = lastChar + ([...nfc.slice(lastChar)][0]?.length ?? 1);
  return nfc.slice(from, to).trim();
}

/** An identifier from words: "Hà Giang" → "ha_giang". */
export const slug = (s: string): string => fold(s).replace(/ /g, '_');

/** Edit distance (insert, delete, replace, swap of neighbours), for typos in section labels. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The first clause of a text, cut at a word boundary to at most `max` characters ("…" when cut). */
export function shorten(text: string, max = 90): string {
  const clause = text.split(/(?<=[^\d])[.;:](?=\s|$)|\s[–—]\s/)[0].trim();
  if (clause.length <= max) return clause;
  const cut = clause.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[,\s]+$/, '')}…`;
}

/** Upper case letters as a share of all letters (a heading is mostly upper case). */
export const upperShare = (s: string): number => {
  const letters = [...s].filter((c) => /\p{L}/u.test(c));
  return letters.length ? letters.filter((c) => c === c.toUpperCase() && c !== c.toLowerCase()).length / letters.length : 0;
};

/** Words with capital initials after a marker: "UBND xã Hà Giang xây dựng" after "xã" → "Hà Giang". */
export function capitalisedAfter(text: string, marker: RegExp): string | undefined {
  const m = marker.exec(text);
  if (!m) return undefined;
  const words: string[] = [];
  for (const w of text
    .slice(m.index + m[0].length)
    .trim()
    .split(/\s+/)) {
    const clean = w.replace(/[,.;:()"“”]+$/u, '');
    if (!/^\p{Lu}/u.test(clean) && !/^\d+$/.test(clean)) break;
    words.push(clean);
    if (clean !== w || words.length >= 4) break;
  }
  return words.length ? words.join(' ') : undefined;
}

/** "Hà Giang" from "HÀ GIANG": each word with a capital initial. */
export const titleCase = (s: string): string =>
  s.toLocaleLowerCase('vi').replace(/(^|\s)(\p{L})/gu, (_, sp: string, c: string) => sp + c.toLocaleUpperCase('vi'));
