import { folded, originalOf } from './text.js';

/**
 * Vietnamese descriptions of who does what in a commune plan, as role keys of the shipped plan vocabulary
 * (plans/ha-giang-2023.yaml), matched without diacritics. Titles are the usual ones, used when the document names a
 * role only in passing; a role a document describes gets the document's own words.
 */
export interface RoleDef {
  key: string;
  /** Usual title (an output value of the plan file, not interface text). */
  title: string;
  /** Where the holder sits: the commune, each village (fanned out) or the district. */
  level: 'commune' | 'village' | 'district';
  external?: boolean;
  patterns: RegExp[];
}

export const ROLE_DEFS: RoleDef[] = [
  {
    key: 'vice_chair_kt',
    title: 'Phó Chủ tịch UBND xã (phụ trách kinh tế)',
    level: 'commune',
    patterns: [/pho chu tich( ubnd| uy ban nhan dan)?( xa| phuong| thi tran)? phu trach (khoi )?kinh te/],
  },
  {
    key: 'vice_chair_vhxh',
    title: 'Phó Chủ tịch UBND xã (phụ trách VH-XH)',
    level: 'commune',
    patterns: [/pho chu tich( ubnd| uy ban nhan dan)?( xa| phuong| thi tran)?( phu trach (khoi )?(van hoa xa hoi|vh xh|vhxh|van xa))?/],
  },
  { key: 'chairman', title: 'Chủ tịch UBND xã', level: 'commune', patterns: [/chu tich( ubnd| uy ban nhan dan)( xa| phuong| thi tran)?/] },
  {
    key: 'officer_ldtbxh',
    title: 'Công chức Văn hóa - xã hội (phụ trách LĐTB&XH)',
    level: 'commune',
    patterns: [
      /(cong chuc|can bo)( van hoa xa hoi| vh xh| vhxh)?( phu trach)?( linh vuc| cong tac)? (ldtb xh|ldtbxh|ldtb va xh|lao dong thuong binh( va)? xa hoi|lao dong tb xh|tre em|bao ve tre em|binh dang gioi|chinh sach xa hoi)/,
    ],
  },
  {
    key: 'officer_culture',
    title: 'Công chức Văn hóa - xã hội (phụ trách văn hóa - thông tin)',
    level: 'commune',
    patterns: [
      /(cong chuc|can bo)( van hoa xa hoi| vh xh| vhxh)?( phu trach)?( linh vuc| cong tac)? (van hoa thong tin|vh tt|van hoa|thong tin|gia dinh|truyen thanh)/,
    ],
  },
  {
    key: 'dept_vhxh',
    title: 'Trưởng Phòng Văn hóa - Xã hội xã',
    level: 'commune',
    patterns: [/phong (van hoa xa hoi|vh xh|vhxh)( xa| phuong)?/],
  },
  { key: 'dept_kt', title: 'Trưởng Phòng Kinh tế xã', level: 'commune', patterns: [/phong kinh te( ha tang( va do thi)?)?( xa| phuong)?/] },
  { key: 'radio_station', title: 'Đài truyền thanh xã', level: 'commune', patterns: [/dai truyen thanh( xa| phuong)?/] },
  { key: 'officer_vhxh', title: 'Công chức Văn hóa - Xã hội', level: 'commune', patterns: [] },
  {
    key: 'finance_officer',
    title: 'Công chức Tài chính - kế toán',
    level: 'commune',
    patterns: [/(cong chuc|can bo|bo phan) tai chinh( ke hoach| ke toan| ngan sach)?/, /(cong chuc|can bo) ke toan/],
  },
  {
    key: 'office_officer',
    title: 'Công chức Văn phòng - thống kê',
    level: 'commune',
    patterns: [/(cong chuc )?van phong thong ke/, /van phong (hdnd )?(va )?ubnd/],
  },
  { key: 'justice_officer', title: 'Công chức Tư pháp - hộ tịch', level: 'commune', patterns: [/(cong chuc )?tu phap( ho tich)?/] },
  { key: 'police', title: 'Trưởng Công an xã', level: 'commune', external: true, patterns: [/cong an (xa|phuong|thi tran)/] },
  {
    key: 'military',
    title: 'Chỉ huy trưởng Ban Chỉ huy quân sự xã',
    level: 'commune',
    external: true,
    patterns: [/ban chi huy quan su|quan su (xa|phuong)/],
  },
  { key: 'health_station', title: 'Trưởng Trạm Y tế xã', level: 'commune', external: true, patterns: [/tram y te/] },
  {
    key: 'youth_union',
    title: 'Bí thư Đoàn TN xã',
    level: 'commune',
    external: true,
    patterns: [/doan thanh nien( cong san ho chi minh)?|doan tn|chi doan/],
  },
  {
    key: 'womens_union',
    title: 'Chủ tịch Hội Liên hiệp Phụ nữ xã',
    level: 'commune',
    external: true,
    patterns: [/hoi (lien hiep )?phu nu|hoi lhpn/],
  },
  {
    key: 'fatherland_front',
    title: 'Chủ tịch Ủy ban MTTQ xã',
    level: 'commune',
    external: true,
    patterns: [/mat tran to quoc|ubmttq|mttq/],
  },
  { key: 'farmers_union', title: 'Chủ tịch Hội Nông dân xã', level: 'commune', external: true, patterns: [/hoi nong dan/] },
  { key: 'veterans_union', title: 'Chủ tịch Hội Cựu chiến binh xã', level: 'commune', external: true, patterns: [/hoi cuu chien binh/] },
  {
    key: 'school_heads',
    title: 'Hiệu trưởng các trường học',
    level: 'commune',
    external: true,
    patterns: [/(cac )?truong (mam non|tieu hoc|thcs|trung hoc co so)( tieu hoc| trung hoc co so| thcs)*|cac truong hoc/],
  },
  { key: 'collaborator', title: 'Cộng tác viên bảo vệ trẻ em thôn', level: 'village', patterns: [/cong tac vien/] },
  {
    key: 'village_head',
    title: 'Trưởng thôn',
    level: 'village',
    patterns: [
      /(truong|cac|co so|ban dieu hanh|ban dieu hanh cac) (thon|to dan pho|khu pho)( ban| to dan pho| khu pho)*/,
      /(to truong )?(cac )?to dan pho/,
      /thon ban/,
    ],
  },
];

/** Names that say "a culture and society officer" without saying which one: the two roles are different people. */
export const AMBIGUOUS: { pattern: RegExp; keys: string[] }[] = [
  { pattern: /(cong chuc|can bo) (van hoa xa hoi|vh xh|vhxh)/, keys: ['officer_ldtbxh', 'officer_culture'] },
];

export interface RoleMatch {
  /** The role, or undefined when the words fit more than one. */
  key?: string;
  candidates: string[];
  /** The document's words. */
  words: string;
  /** Index of the match in the folded text, and of its first word. */
  at: number;
  word: number;
}

export const roleDef = (key: string): RoleDef | undefined => ROLE_DEFS.find((r) => r.key === key);

/** Every role named in a text, in order; overlapping names: the longest wins ("phó chủ tịch" over "chủ tịch"). */
export function findRoles(text: string): RoleMatch[] {
  const f = folded(text);
  const found: { key?: string; candidates: string[]; start: number; end: number }[] = [];
  for (const def of ROLE_DEFS) {
    for (const re of def.patterns) {
      for (const m of f.text.matchAll(new RegExp(`(?<![a-z0-9])(?:${re.source})(?![a-z0-9])`, 'g'))) {
        found.push({ key: def.key, candidates: [def.key], start: m.index, end: m.index + m[0].length });
      }
    }
  }
  for (const a of AMBIGUOUS) {
    for (const m of f.text.matchAll(new RegExp(`(?<![a-z0-9])(?:${a.pattern.source})(?![a-z0-9])`, 'g'))) {
      found.push({ candidates: a.keys, start: m.index, end: m.index + m[0].length });
    }
  }
  // Longest first; a match inside a longer one is dropped.
  found.sort((x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start);
  const kept: typeof found = [];
  for (const m of found) if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  kept.sort((x, y) => x.start - y.start);
  return kept.map((m) => ({
    key: m.key,
    candidates: m.candidates,
    words: originalOf(text, f, m.start, m.end),
    at: m.start,
    word: f.text.slice(0, m.start).split(' ').filter(Boolean).length,
  }));
}

export interface Responsible {
  /** The role found, or undefined (then `todo` says why). */
  key?: string;
  todo?: string;
  /** The roles ambiguous words may mean. */
  candidates?: string[];
  helpers: string[];
  words?: string;
}

/**
 * Who an activity text makes responsible: a role named as its subject (among the first words, or after "giao",
 * "do", "yêu cầu", or before "chủ trì"); other roles it names help. Undefined key and no todo: nobody is named.
 */
export function responsibleIn(text: string, subjectWords = 6): Responsible {
  const matches = findRoles(text);
  const f = folded(text).text;
  const isSubject = (m: RoleMatch) => m.word < subjectWords || isNamedDoer(m);
  const isNamedDoer = (m: RoleMatch) => {
    const before = f.slice(0, m.at).split(' ').filter(Boolean).slice(-3).join(' ');
    const n = folded(m.words).text.split(' ').length;
    const after = f
      .slice(m.at)
      .split(' ')
      .slice(n, n + 5)
      .join(' ');
    return (
      /(^| )(giao|do|yeu cau|de nghi|giao cho)$/.test(before) ||
      /^((xa|phuong|thi tran) )?(chu tri|la dau moi|thuong truc|thuc hien|tham muu)/.test(after)
    );
  };
  // A party the text names as the doer ("X chủ trì", "X thực hiện", "giao X") before one that merely opens it.
  const subject = matches.find(isNamedDoer) ?? matches.find(isSubject);
  const helpers = [...new Set(matches.filter((m) => m !== subject && m.key).map((m) => m.key as string))];
  if (!subject) return { helpers };
  if (!subject.key)
    return {
      todo: `chưa rõ ai chịu trách nhiệm: “${subject.words}” (${subject.candidates.join(' hay ')}?)`,
      candidates: subject.candidates,
      helpers,
      words: subject.words,
    };
  return { key: subject.key, helpers: helpers.filter((h) => h !== subject.key), words: subject.words };
}
