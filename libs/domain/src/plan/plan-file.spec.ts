import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../../config/src/project-root.js';
import { WorkingCalendar } from '../calendar/index.js';
import { allSteps, roleUnitOn } from './plan.js';
import { expandInstances } from './expand-instances.js';
import { instanceTimeline } from './timeline.js';
import { formatDiagnostic, parsePlanFile, type PlanDiagnostic, type PlanParseResult } from './plan-file.js';
import { planJsonSchema } from './plan-json-schema.js';

const root = projectRoot();
const SEED = readFileSync(join(root, 'plans', 'ha-giang-2023.yaml'), 'utf8');
const cal = WorkingCalendar.vietnam();

/** A small valid plan; its steps start on line 28, indented by 6. */
const HEADER = `format: dondoc/plan@1
plan:
  id: P-TEST
  number: "01/KH-UBND"
  title: "Kế hoạch thử"
  issuer: ubnd_xa
  year: 2023
  rehearsal_start: 2023-03-23
org_units:
  - {id: ubnd_xa, kind: commune, name: "UBND xã", valid_to: 2025-06-30, successor: xa_moi}
  - {id: xa_moi, kind: commune, name: "UBND xã mới", valid_from: 2025-07-01}
  - {id: thon_01, kind: village, parent: ubnd_xa, name: "Thôn Một"}
roles:
  officer: {unit: ubnd_xa, title: "Công chức", person: "Phạm Thị D", email: officer@x.example.org, supervisor: vice_chair}
  vice_chair: {unit: ubnd_xa, title: "Phó Chủ tịch", person: "Trần Thị B", email: pct@x.example.org}
  monitor: {unit: ubnd_xa, title: "Huyện", person: "X", email: m@x.example.org, valid_to: 2025-06-30, successor: vice_chair}
policies:
  reminders_default: {before_wd: [-3, -1, 0]}
  escalation:
    commune_officer: [{after_wd: 1, to: vice_chair}, {after_wd: 5, to: monitoring_body, mode: digest}]
    approval: {approver: vice_chair, sla_wd: 2, on_breach: {to: vice_chair}}
  monitoring_body_by_date:
    - {role: monitor}
items:
  - id: I01
    title: "Ban hành kế hoạch"
    steps:
`;
const STEPS_LINE = 28;
const planWith = (steps: string) => HEADER + steps;
const GOOD_STEP = '      - { id: S1, title: "Dự thảo", assignee: officer, approval: vice_chair, start: 2023-03-23, due: 2023-03-29 }\n';

const errorsOf = (r: PlanParseResult): PlanDiagnostic[] => {
  if (r.ok) throw new Error(`expected errors, the plan parsed: ${JSON.stringify(r.plan).slice(0, 200)}`);
  return r.errors;
};
const brief = (d: PlanDiagnostic) => ({ line: d.line, col: d.col, message: d.message });
const parsedOk = (text: string) => {
  const r = parsePlanFile(text, 'test.yaml', cal);
  if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
  return r;
};

/** The reference encoding of the seed plan, in the shared domain pack beside the checkout (as CI lays it out). */
const FIXTURE = join(root, '..', 'shared', 'domain', 'ha-giang-2023.fixture.yaml');
const withFixture = existsSync(FIXTURE) ? describe : describe.skip;

describe('the shipped seed plan', () => {
  const r = parsedOk(SEED);

  it('validates without errors or warnings', () => {
    expect(r.warnings.map(formatDiagnostic)).toEqual([]);
  });

  it('has all 52 steps of the 17 items (I15-I17 and I02.4: the document’s III.1, III.3, III.4 and II.1 approval)', () => {
    expect(r.plan.items.map((i) => i.id)).toEqual(Array.from({ length: 17 }, (_, i) => `I${String(i + 1).padStart(2, '0')}`));
    expect(allSteps(r.plan)).toHaveLength(52);
    const bySource = (section: string) =>
      allSteps(r.plan)
        .filter((s) => (s.source ?? '').split(/;\s*/).includes(section))
        .map((s) => s.id);
    expect(bySource('III.1')).toEqual(expect.arrayContaining(['I15.1', 'I15.2', 'I15.3', 'I15.4']));
    expect(bySource('III.3')).toEqual(expect.arrayContaining(['I16.1', 'I16.2', 'I16.3']));
    expect(bySource('III.4')).toEqual(expect.arrayContaining(['I17.1', 'I17.2']));
    expect(allSteps(r.plan).find((s) => s.id === 'I02.4')).toMatchObject({ approval: 'vice_chair_vhxh', source: 'II.1' });
    // Indicators whose evidence the new steps supply: the board (1.3), collaborators (1.2), resources (1.4).
    expect(
      allSteps(r.plan)
        .filter((s) => s.indicators?.includes('1.3'))
        .map((s) => s.id),
    ).toEqual(['I15.1', 'I15.2', 'I15.3', 'I15.4']);
  });

  it('agrees with its document on recipients, signer and cited bases', () => {
    expect(r.plan.recipients).toEqual([
      { unit: 'phong_ldtbxh_ha_trung', purpose: 'bao_cao' },
      { unit: 'dang_uy_xa', purpose: 'bao_cao' },
      { unit: 'hdnd_xa', purpose: 'bao_cao' },
      { unit: 'ban_nganh_doan_the', purpose: 'thuc_hien' },
      { unit: 'villages_all', purpose: 'thuc_hien' },
      { unit: 'van_thu', purpose: 'luu' },
      { unit: 'bo_phan_vhxh', purpose: 'luu' },
    ]);
    expect(r.plan.signer).toEqual({ role: 'vice_chair_vhxh', formula: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' });
    expect(r.plan.roles.vice_chair_vhxh.person).toBe('Tổng Văn Trưởng');
    expect(r.plan.legalBases.filter((b) => b.cited !== false).map((b) => b.ref)).toEqual([
      'Quyết định 305/QĐ-SLĐTBXH (Sở LĐTB&XH Thanh Hóa)',
      'Kế hoạch 73/KH-UBND (UBND huyện Hà Trung)',
    ]);
    expect(r.plan.legalBases.filter((b) => b.cited === false)).toHaveLength(5);
  });

  it('traces every section of the seed document (II.1–II.5, III, IV) to at least one step', () => {
    const sources = allSteps(r.plan).flatMap((s) => (s.source ?? '').split(/;\s*/));
    for (const section of [
      'II.1',
      'II.2',
      'II.3',
      'II.4',
      'II.5',
      'III.1',
      'III.2',
      'III.3',
      'III.4',
      'III.5',
      'III.6',
      'IV.1',
      'IV.2',
      'IV.3',
    ]) {
      expect(sources).toContain(section);
    }
    for (const s of allSteps(r.plan)) expect(s.source).toBeTruthy();
  });

  it('resolves the Mid-Autumn festival from the lunar calendar: 15/8 Quý Mão = 29/09/2023', () => {
    expect(allSteps(r.plan).find((s) => s.id === 'I09.4')).toMatchObject({ dueLunar: '08-15', due: '2023-09-29' });
  });
});

withFixture('the shipped seed plan against the reference encoding (../shared/domain)', () => {
  const r = parsedOk(SEED);
  const fixture = existsSync(FIXTURE) ? parse(readFileSync(FIXTURE, 'utf8')) : undefined;

  it('has every item and step of the reference encoding, with the same ids, assignees and role keys (and the steps it lacks)', () => {
    const want = (fixture.items as any[]).flatMap((i) =>
      i.steps.map((s: any) => [s.id, i.id, s.assignee, s.approval ?? null, s.fan_out ?? null]),
    );
    const wantIds = new Set(want.map((w: any[]) => w[0]));
    const got = allSteps(r.plan).map((s) => [s.id, s.itemId, s.assignee, s.approval, s.fanOut ?? null]);
    expect(got.filter((g) => wantIds.has(g[0]))).toEqual(want);
    // Steps for the document's actions the reference encoding has none for: II.1's approval, III.1, III.3, III.4.
    expect(got.filter((g) => !wantIds.has(g[0])).map((g) => g[0])).toEqual([
      'I02.4',
      'I15.1',
      'I15.2',
      'I15.3',
      'I15.4',
      'I16.1',
      'I16.2',
      'I16.3',
      'I17.1',
      'I17.2',
    ]);
    expect(Object.keys(r.plan.roles).sort()).toEqual(Object.keys(fixture.roles).sort());
    const units = r.plan.orgUnits.map((u) => u.id);
    expect(units.filter((u) => (fixture.org_units as any[]).some((f) => f.id === u))).toEqual(
      (fixture.org_units as any[]).map((u) => u.id),
    );
    expect(units.filter((u) => !(fixture.org_units as any[]).some((f) => f.id === u))).toEqual([
      'phong_yte_ha_trung',
      'bo_phan_vhxh',
      'ban_nganh_doan_the',
    ]);
  });

  it('has the policies of the reference encoding', () => {
    const p = r.plan.policies;
    expect(p.remindersBeforeWd).toEqual(fixture.policies.reminders_default.before_wd);
    for (const chain of ['commune_officer', 'village']) {
      expect(p.chains[chain].map((x) => [x.afterWd, x.to])).toEqual(fixture.policies.escalation[chain].map((x: any) => [x.after_wd, x.to]));
    }
    expect(p.approval).toMatchObject({ approver: 'vice_chair_vhxh', slaWd: 2, onBreachTo: 'chairman' });
    expect(p.childAbuseCase).toEqual({ emergencyInterventionH: 12, to: 'chairman', planDraftingWd: 5, planApprover: 'chairman' });
    expect(p.monitoringBodyByDate).toEqual([
      { until: '2025-06-30', role: 'district_monitor' },
      { from: '2025-07-01', role: 'province_monitor' },
    ]);
  });
});

describe('the published JSON Schema', () => {
  it('is the one generated from the validator’s description (regenerate with `npm run -s cli -- plan schema`)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'plans', 'plan.schema.json'), 'utf8'));
    expect(committed).toEqual(planJsonSchema());
  });

  it('describes the steps the seed plan uses', () => {
    const schema = planJsonSchema() as any;
    const step = schema.properties.items.items.properties.steps.items;
    expect(step.required).toEqual(['id', 'title', 'assignee']);
    expect(Object.keys(step.properties)).toEqual(
      expect.arrayContaining(['due', 'due_lunar', 'recurrence', 'fan_out', 'escalation', 'source']),
    );
    expect(step.additionalProperties).toBe(false);
  });
});

describe('parsePlanFile: errors a person can act on', () => {
  it('parses the small plan the error tests start from', () => {
    const r = parsedOk(planWith(GOOD_STEP));
    expect(allSteps(r.plan)).toEqual([
      expect.objectContaining({
        id: 'S1',
        itemId: 'I01',
        assignee: 'officer',
        approval: 'vice_chair',
        start: '2023-03-23',
        due: '2023-03-29',
      }),
    ]);
  });

  it('reports an unknown key with a "did you mean" hint', () => {
    const text = planWith('      - id: S1\n        title: "Dự thảo"\n        asignee: officer\n        due: 2023-04-07\n');
    expect(errorsOf(parsePlanFile(text, 'p.yaml', cal)).map(brief)).toEqual([
      { line: STEPS_LINE, col: 9, message: 'thiếu khóa bắt buộc "assignee" ở một bước' },
      { line: STEPS_LINE + 2, col: 9, message: 'khóa "asignee" không dùng được ở một bước; có phải là "assignee"?' },
    ]);
  });

  it('reports a reference to an unknown role, with a hint when one is close', () => {
    const typo = planWith('      - {id: S1, title: "Dự thảo", assignee: oficer, due: 2023-04-07}\n');
    expect(errorsOf(parsePlanFile(typo, 'p.yaml', cal)).map(brief)).toEqual([
      { line: STEPS_LINE, col: 46, message: 'vai trò "oficer" không có trong kế hoạch (người thực hiện của S1); có phải là "officer"?' },
    ]);
  });

  it('reports an unknown unit reference', () => {
    const text = planWith(GOOD_STEP).replace('issuer: ubnd_xa', 'issuer: ubnd_xaa');
    expect(errorsOf(parsePlanFile(text, 'p.yaml', cal)).map(brief)).toEqual([
      { line: 6, col: 11, message: 'đơn vị "ubnd_xaa" không có trong org_units (cơ quan ban hành); có phải là "ubnd_xa"?' },
    ]);
  });

  it('reports an impossible date and a due date before the start date', () => {
    const bad = planWith('      - {id: S1, title: "Dự thảo", assignee: officer, due: 2023-02-30}\n');
    expect(errorsOf(parsePlanFile(bad, 'p.yaml', cal)).map(brief)).toEqual([
      { line: STEPS_LINE, col: 60, message: '"due" phải là một ngày dạng YYYY-MM-DD, nhưng đang là "2023-02-30"' },
    ]);
    const early = planWith('      - {id: S1, title: "Dự thảo", assignee: officer, start: 2023-04-10, due: 2023-04-07}\n');
    expect(errorsOf(parsePlanFile(early, 'p.yaml', cal)).map(brief)).toEqual([
      { line: STEPS_LINE, col: 79, message: 'hạn 07/04/2023 trước ngày bắt đầu 10/04/2023' },
    ]);
  });

  it('reports a cycle of supervisors', () => {
    const text = planWith(GOOD_STEP).replace('email: pct@x.example.org}', 'email: pct@x.example.org, supervisor: officer}');
    expect(errorsOf(parsePlanFile(text, 'p.yaml', cal)).map((d) => d.message)).toEqual([
      'cấp trên của các vai trò tạo thành vòng lặp: officer → vice_chair → officer',
    ]);
  });

  it('reads `digest: daily` on a role, and reports another value at its line and column', () => {
    const daily = planWith(GOOD_STEP).replace('email: officer@x.example.org,', 'email: officer@x.example.org, digest: daily,');
    const r = parsedOk(daily);
    expect(r.plan.roles.officer.digest).toBe('daily');
    expect(r.plan.roles.vice_chair.digest).toBeUndefined();
    const weekly = planWith(GOOD_STEP).replace('email: officer@x.example.org,', 'email: officer@x.example.org, digest: weekly,');
    expect(errorsOf(parsePlanFile(weekly, 'p.yaml', cal)).map(brief)).toEqual([
      { line: 14, col: 108, message: '"weekly" không phải là một trong "daily"' },
    ]);
  });

  it('warns, with the date it rolls to, about a due date on a rest day', () => {
    const r = parsedOk(planWith('      - {id: S1, title: "Dự thảo", assignee: officer, due: 2023-04-29}\n'));
    expect(r.warnings.map(brief)).toEqual([
      {
        line: STEPS_LINE,
        col: 60,
        message: expect.stringMatching(/^hạn 29\/04\/2023 là ngày nghỉ \(.+\); hạn được lùi sang ngày làm việc kế tiếp 04\/05\/2023$/),
      },
    ]);
    expect(r.warnings[0].severity).toBe('warning');
  });

  it('reads due_by ("no later than"): due on the last working day on or before it, reminders counted from there', () => {
    // 30/04/2023 is a Sunday inside the 29/04–03/05 break: no later than 30/04 is Friday 28/04, never 04/05.
    const r = parsedOk(planWith('      - {id: S1, title: "Báo cáo", assignee: officer, start: 2023-04-03, due_by: 2023-04-30}\n'));
    expect(allSteps(r.plan)[0]).toMatchObject({ id: 'S1', dueBy: '2023-04-30' });
    expect(allSteps(r.plan)[0].due).toBeUndefined();
    expect(r.warnings.map(brief)).toEqual([
      {
        line: STEPS_LINE,
        col: 82,
        message: expect.stringMatching(
          /^hạn chậm nhất \(due_by\) 30\/04\/2023 là ngày nghỉ \(.+\); hạn là ngày làm việc liền trước, 28\/04\/2023$/,
        ),
      },
    ]);
    const [inst] = expandInstances(r.plan, cal);
    expect([inst.due, inst.dueEffective]).toEqual(['2023-04-30', '2023-04-28']);
    expect(
      instanceTimeline(r.plan, cal, inst)
        .filter((e) => e.kind === 'reminder')
        .map((e) => e.date),
    ).toEqual(['2023-04-25', '2023-04-27', '2023-04-28']);
    const plain = parsedOk(planWith('      - {id: S1, title: "Báo cáo", assignee: officer, start: 2023-04-03, due: 2023-04-30}\n'));
    expect(expandInstances(plain.plan, cal)[0].dueEffective).toBe('2023-05-04');
    const working = parsedOk(planWith('      - {id: S1, title: "Báo cáo", assignee: officer, due_by: 2023-04-27}\n'));
    expect([working.warnings, expandInstances(working.plan, cal)[0].dueEffective]).toEqual([[], '2023-04-27']);
    expect(
      errorsOf(
        parsePlanFile(planWith('      - {id: S1, title: "x", assignee: officer, due: 2023-09-29, due_by: 2023-09-29}\n'), 'p.yaml', cal),
      ).map((d) => d.message),
    ).toEqual(['bước S1 có cả due và due_by; chỉ ghi một']);
  });

  it('refuses a role that no longer exists on the step’s date, naming its successor', () => {
    const text = planWith('      - {id: S1, title: "Báo cáo", assignee: monitor, due: 2025-09-05}\n');
    expect(errorsOf(parsePlanFile(text, 'p.yaml', cal)).map((d) => d.message)).toEqual([
      'vai trò monitor không còn hiệu lực vào ngày 05/09/2025 (hiệu lực từ … đến 30/06/2025); vai trò kế thừa là vice_chair',
    ]);
    const unitGone = planWith('      - {id: S1, title: "Báo cáo", assignee: officer, due: 2025-09-05}\n');
    expect(errorsOf(parsePlanFile(unitGone, 'p.yaml', cal)).map((d) => d.message)).toEqual([
      'vai trò officer thuộc đơn vị ubnd_xa, đơn vị này không còn tồn tại vào ngày 05/09/2025 (hiệu lực từ … đến 30/06/2025); đơn vị kế thừa là xa_moi',
    ]);
  });

  it('moves a role to a successor unit on a date (units), refusing a gap, both unit and units, and a step when the role has no unit', () => {
    const moving = planWith(GOOD_STEP + '      - {id: S2, title: "Báo cáo", assignee: officer, due: 2025-09-05}\n').replace(
      'officer: {unit: ubnd_xa,',
      'officer: {units: [{unit: ubnd_xa, to: 2025-06-30}, {unit: xa_moi, from: 2025-07-01}],',
    );
    const r = parsedOk(moving);
    expect(r.plan.roles.officer).toMatchObject({
      unit: 'ubnd_xa',
      units: [
        { unit: 'ubnd_xa', to: '2025-06-30' },
        { unit: 'xa_moi', from: '2025-07-01' },
      ],
    });
    expect([roleUnitOn(r.plan.roles.officer, '2025-06-30'), roleUnitOn(r.plan.roles.officer, '2025-07-01')]).toEqual(['ubnd_xa', 'xa_moi']);
    const gap = moving.replace('{unit: xa_moi, from: 2025-07-01}', '{unit: xa_moi, from: 2025-07-02}');
    expect(errorsOf(parsePlanFile(gap, 'p.yaml', cal)).map((d) => d.message)).toEqual(
      expect.arrayContaining([
        'vai trò officer phải chuyển đơn vị liền mạch: khoảng này phải bắt đầu ngay sau ngày khoảng trước kết thúc (01/07/2025)',
      ]),
    );
    const both = moving.replace('officer: {units:', 'officer: {unit: ubnd_xa, units:');
    expect(errorsOf(parsePlanFile(both, 'p.yaml', cal)).map((d) => d.message)).toContain(
      'vai trò officer có cả unit và units; chỉ ghi một trong hai',
    );
  });

  it('reports a duplicate step id, a step without any date, and two date anchors', () => {
    expect(errorsOf(parsePlanFile(planWith(GOOD_STEP + GOOD_STEP), 'p.yaml', cal)).map(brief)).toEqual([
      { line: STEPS_LINE + 1, col: 15, message: 'mã bước "S1" bị trùng' },
    ]);
    expect(
      errorsOf(parsePlanFile(planWith('      - {id: S1, title: "x", assignee: officer}\n'), 'p.yaml', cal)).map((d) => d.message),
    ).toEqual(['bước S1 cần có một trong các khóa due, due_by, due_lunar, recurrence, trigger hoặc event_date']);
    expect(
      errorsOf(
        parsePlanFile(planWith('      - {id: S1, title: "x", assignee: officer, due: 2023-09-29, due_lunar: "08-15"}\n'), 'p.yaml', cal),
      ).map((d) => d.message),
    ).toEqual(['bước S1 có cả due và due_lunar; chỉ ghi một']);
  });

  it('reports a lunar date that does not exist in the plan year', () => {
    const text = planWith('      - {id: S1, title: "x", assignee: officer, due_lunar: "L05-10"}\n');
    expect(errorsOf(parsePlanFile(text, 'p.yaml', cal)).map((d) => d.message)).toEqual([
      'ngày âm lịch L05-10 không có trong năm âm lịch 2023',
    ]);
  });

  it('reports a YAML syntax error at its line and column', () => {
    const text = planWith(GOOD_STEP).replace('  title: "Kế hoạch thử"', '  title: @Kế hoạch thử');
    expect(errorsOf(parsePlanFile(text, 'p.yaml', cal)).map(brief)).toEqual([
      { line: 5, col: 10, message: 'tệp không đúng cú pháp YAML: Plain value cannot start with reserved character @' },
    ]);
  });

  it('reports every error of a file at once, sorted by position, each naming the file', () => {
    const text = planWith('      - {id: S1, title: "x", assignee: mayor, due: 2023-02-30, deadline: 1}\n').replace(
      'format: dondoc/plan@1',
      'format: dondoc/plan@0',
    );
    const errors = errorsOf(parsePlanFile(text, 'plans/broken.yaml', cal));
    expect(errors.map(brief)).toEqual([
      { line: 1, col: 9, message: '"dondoc/plan@0" không phải là một trong "dondoc/plan@1"; có phải là "dondoc/plan@1"?' },
      { line: STEPS_LINE, col: 40, message: 'vai trò "mayor" không có trong kế hoạch (người thực hiện của S1)' },
      { line: STEPS_LINE, col: 52, message: '"due" phải là một ngày dạng YYYY-MM-DD, nhưng đang là "2023-02-30"' },
      { line: STEPS_LINE, col: 64, message: 'khóa "deadline" không dùng được ở một bước' },
    ]);
    for (const e of errors) expect(formatDiagnostic(e)).toMatch(/^plans\/broken\.yaml:\d+:\d+: lỗi: /);
  });
});
