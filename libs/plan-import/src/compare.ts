import { parse } from 'yaml';
import { fold } from './text.js';

type Raw = Record<string, any>;

export interface ShippedItemMatch {
  id: string;
  title: string;
  sections: string[];
  /** Draft items sharing a section with it. */
  draftIds: string[];
  /** Best title similarity (0–1, shared words) among them. */
  similarity: number;
}

export interface DraftRoleCheck {
  id: string;
  section: string;
  title: string;
  role?: string;
  /** Assignees of the shipped steps of that section. */
  expected: string[];
  agrees: boolean;
}

export interface CompareReport {
  shippedItems: number;
  shippedCovered: number;
  draftItems: number;
  /** Draft items of sections II and IV checked for their responsible role, and how many agree. */
  roleChecked: number;
  roleAgreed: number;
  shipped: ShippedItemMatch[];
  roles: DraftRoleCheck[];
  /** Sections of the finished plan no draft item covers: items the import lost. */
  lost: string[];
  /** Sections that more than one draft item starts from: an activity found twice. */
  twice: { section: string; draftIds: string[] }[];
  /**
   * Sections where the finished plan submits a step for approval, each with its approving steps and the draft steps of
   * that section that carry an approval too (the document's "trình UBND xã phê duyệt").
   */
  approvals: { section: string; shippedSteps: string[]; draftSteps: string[] }[];
  approvalSections: number;
  approvalAgreed: number;
}

/** The sections a `source` names: "II.4; IV.1" → ["II.4", "IV.1"] (a bare "IV" names no numbered part). */
export const sectionsOf = (source: unknown): string[] =>
  typeof source === 'string'
    ? source
        .split(/[;,]/)
        .map((x) => x.trim())
        .filter((x) => /^([IVX]+|PL)\.\d+$/.test(x))
    : [];

const words = (s: string) =>
  new Set(
    fold(s)
      .split(' ')
      .filter((w) => w.length > 1),
  );
export function titleSimilarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  const shared = [...x].filter((w) => y.has(w)).length;
  return x.size + y.size ? shared / Math.min(x.size || 1, y.size || 1) : 0;
}

const isTodo = (v: unknown) => typeof v === 'string' && /^TODO\b/.test(v);

/**
 * Compares a draft plan file with a finished one item by item: for each finished item, the draft items sharing a
 * section and how alike their titles are; for each draft item of sections II and IV, whether its responsible role is
 * among the assignees the finished plan gives that section.
 */
export function comparePlans(draftText: string, shippedText: string): CompareReport {
  const draft = parse(draftText) as Raw;
  const shipped = parse(shippedText) as Raw;
  const dItems = (draft.items ?? []) as Raw[];
  const sItems = (shipped.items ?? []) as Raw[];
  const assigneesBySection = new Map<string, Set<string>>();
  for (const it of sItems) {
    for (const st of (it.steps ?? []) as Raw[]) {
      for (const sec of sectionsOf(st.source ?? it.source).concat(sectionsOf(it.source))) {
        if (!assigneesBySection.has(sec)) assigneesBySection.set(sec, new Set());
        assigneesBySection.get(sec)!.add(st.assignee);
      }
    }
  }
  const shippedMatches = sItems.map((it): ShippedItemMatch => {
    const secs = [...new Set([...sectionsOf(it.source), ...((it.steps ?? []) as Raw[]).flatMap((s) => sectionsOf(s.source))])];
    const matching = dItems.filter((d) => sectionsOf(d.source).some((x) => secs.includes(x)));
    return {
      id: it.id,
      title: it.title,
      sections: secs,
      draftIds: matching.map((d) => d.id),
      similarity: Math.max(0, ...matching.map((d) => titleSimilarity(`${d.title} ${d.note ?? ''}`, it.title))),
    };
  });
  const roles = dItems
    .filter((d) => /^(II|IV)\.\d+$/.test(sectionsOf(d.source)[0] ?? ''))
    .map((d): DraftRoleCheck => {
      const section = sectionsOf(d.source)[0];
      const role = (d.steps ?? [])[0]?.assignee;
      const expected = [...(assigneesBySection.get(section) ?? [])];
      const known = typeof role === 'string' && !isTodo(role) ? role : undefined;
      return { id: d.id, section, title: d.title, role: known, expected, agrees: !!known && expected.includes(known) };
    });
  const covered = new Set(
    dItems.flatMap((d) => [...sectionsOf(d.source), ...((d.steps ?? []) as Raw[]).flatMap((st) => sectionsOf(st.source))]),
  );
  const shippedSections = [
    ...new Set(sItems.flatMap((it) => [...sectionsOf(it.source), ...((it.steps ?? []) as Raw[]).flatMap((st) => sectionsOf(st.source))])),
  ];
  const byFirst = new Map<string, string[]>();
  for (const d of dItems) {
    const first = sectionsOf(d.source)[0];
    if (!first || d.window) continue;
    byFirst.set(first, [...(byFirst.get(first) ?? []), d.id]);
  }
  const stepSections = (it: Raw, st: Raw) => (sectionsOf(st.source).length ? sectionsOf(st.source) : sectionsOf(it.source));
  const approvingSteps = (items: Raw[]) => {
    const by = new Map<string, string[]>();
    for (const it of items)
      for (const st of (it.steps ?? []) as Raw[]) {
        if (typeof st.approval !== 'string' || isTodo(st.approval)) continue;
        for (const sec of stepSections(it, st)) by.set(sec, [...(by.get(sec) ?? []), String(st.id)]);
      }
    return by;
  };
  const shippedApproving = approvingSteps(sItems);
  const draftApproving = approvingSteps(dItems);
  const approvals = [...shippedApproving].map(([section, shippedSteps]) => ({
    section,
    shippedSteps,
    draftSteps: draftApproving.get(section) ?? [],
  }));
  return {
    approvals,
    approvalSections: approvals.length,
    approvalAgreed: approvals.filter((a) => a.draftSteps.length).length,
    lost: shippedSections.filter((x) => !covered.has(x)),
    twice: [...byFirst].filter(([, ids]) => ids.length > 1).map(([section, draftIds]) => ({ section, draftIds })),
    shippedItems: sItems.length,
    shippedCovered: shippedMatches.filter((m) => m.draftIds.length).length,
    draftItems: dItems.length,
    roleChecked: roles.length,
    roleAgreed: roles.filter((r) => r.agrees).length,
    shipped: shippedMatches,
    roles,
  };
}
