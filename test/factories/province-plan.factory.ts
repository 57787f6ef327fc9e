import { NOTICE_SPREAD_MIN, type ItemSpec, type OrgUnitSpec, type PlanSpec, type StepSpec } from '#libs/domain/src/index.js';

export interface ProvinceShape {
  communes: number;
  villagesPerCommune: number;
  /** Steps of each item done once per commune by the commune officer, approved by the vice-chairman. */
  communeSteps: number;
  /** Steps done in every village by the village head, without approval. */
  villageSteps: number;
}

/** ≈ 1/10 of national scale: 166 communes, 996 villages, 9,960 step instances. */
export const PROVINCE_FULL: ProvinceShape = { communes: 166, villagesPerCommune: 6, communeSteps: 6, villageSteps: 9 };
/** The same tree cut to 17 communes: 1,020 step instances. */
export const PROVINCE_QUICK: ProvinceShape = { communes: 17, villagesPerCommune: 6, communeSteps: 6, villageSteps: 9 };

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * A province plan built from the seed plan's roles, policies and calendar: one province, its communes, their
 * villages; every step fans out to all communes or all villages, its due date taken in turn from `dues` (a few
 * close dates, so the whole run fits a short rehearsal window).
 */
export function provincePlanFactory(seed: PlanSpec, shape: ProvinceShape, o: { id: string; dues: string[] }): PlanSpec {
  const province: OrgUnitSpec = { id: 'tinh_thu_nghiem', kind: 'province', name: 'Tỉnh Thử Nghiệm' };
  const units: OrgUnitSpec[] = [province];
  let village = 0;
  for (let c = 1; c <= shape.communes; c++) {
    const commune = `xa_${pad(c, 3)}`;
    units.push({ id: commune, kind: 'commune', name: `UBND xã số ${c}`, parent: province.id });
    for (let v = 1; v <= shape.villagesPerCommune; v++) {
      village++;
      units.push({ id: `thon_${pad(village, 4)}`, kind: 'village', name: `Thôn ${v} xã ${c}`, parent: commune });
    }
  }
  // The seed's other units (departments, the district) stay, hung under the province; its commune and villages go.
  const gone = new Set(seed.orgUnits.filter((u) => u.kind === 'commune' || u.kind === 'village' || u.kind === 'province').map((u) => u.id));
  const base = seed.orgUnits
    .filter((u) => !gone.has(u.id))
    .map((u) => (!u.parent || gone.has(u.parent) ? { ...u, parent: province.id } : u));
  const roles = Object.fromEntries(Object.entries(seed.roles).map(([k, r]) => [k, gone.has(r.unit) ? { ...r, unit: province.id } : r]));
  const step = (id: string, itemId: string, due: string, over: Partial<StepSpec>): StepSpec => ({
    id,
    itemId,
    title: `Bước ${id}`,
    assignee: 'village_head',
    helpers: [],
    approval: null,
    due,
    kpis: [],
    ...over,
  });
  const items: ItemSpec[] = [
    {
      id: 'P1',
      title: 'Nội dung cấp xã',
      kpis: [],
      steps: Array.from({ length: shape.communeSteps }, (_, i) =>
        step(`P1.${i + 1}`, 'P1', o.dues[i % o.dues.length], {
          assignee: 'commune_officer',
          approval: 'vice_chair_vhxh',
          fanOut: 'commune',
          escalation: 'commune_officer',
        }),
      ),
    },
    {
      id: 'P2',
      title: 'Nội dung cấp thôn',
      kpis: [],
      steps: Array.from({ length: shape.villageSteps }, (_, i) =>
        step(`P2.${i + 1}`, 'P2', o.dues[i % o.dues.length], { fanOut: 'villages_all', escalation: 'village' }),
      ),
    },
  ];
  return {
    ...seed,
    id: o.id,
    issuer: { id: province.id, name: province.name },
    orgUnits: [province, ...base, ...units.slice(1)],
    roles: {
      ...roles,
      commune_officer: {
        key: 'commune_officer',
        unit: 'xa_*',
        title: 'Công chức Văn hóa - xã hội cấp xã',
        person: 'Công chức xã',
        email: 'vhxh-xa-{nn}@tinh.example.org',
        supervisor: 'vice_chair_vhxh',
        fanOut: 'commune',
      },
    },
    recipients: [],
    // The province's notices of a day go out over 08:00–09:59, not all at 08:00.
    policies: { ...seed.policies, noticeSpreadMin: NOTICE_SPREAD_MIN },
    items,
  };
}

/** Step instances of a province plan, as the engine expands them. */
export const provinceInstances = (shape: ProvinceShape): number =>
  shape.communes * shape.communeSteps + shape.communes * shape.villagesPerCommune * shape.villageSteps;
