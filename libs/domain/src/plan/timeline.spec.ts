import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../config/src/project-root.js';
import { WorkingCalendar } from '../calendar/index.js';
import { realClock } from '../clock.js';
import { parsePlanFile } from './plan-file.js';
import { expandInstances } from './expand-instances.js';
import { roleEmail } from './role-email.js';
import { approvalEscalationDate, NOTICE_SPREAD_MIN, noticeOffsetMs, previewPlan, timedNotices } from './timeline.js';

const cal = WorkingCalendar.vietnam();
const parsed = parsePlanFile(readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8'), 'seed', cal);
if (!parsed.ok) throw new Error('the seed plan must parse');
const plan = parsed.plan;
const preview = previewPlan(plan, cal);
const find = (id: string, unit: string | null = null, due?: string) => {
  const s = preview.steps.find((x) => x.id === id && x.unit === unit && (!due || x.due === due));
  if (!s) throw new Error(`no instance ${id} ${unit} ${due ?? ''}`);
  return s;
};
const ev = (kind: string, date: string, to: string) => ({ kind, date, to });

/** Samples checked by hand against DOMAIN.md's 2023 civil-servant calendar. */
describe('plan preview of the seed plan (nobody acts)', () => {
  it('has one instance per dated step, per village for fan-out steps, per month for recurring steps', () => {
    // 52 steps: 44 dated single steps + 5 fan-out steps × 10 villages + 2 recurring steps × 9 months; I04.2 starts on a case
    expect(preview.steps).toHaveLength(44 + 50 + 18);
    expect(preview.triggered).toEqual(['I04.2']);
    expect(new Set(expandInstances(plan, cal).map((i) => i.key)).size).toBe(preview.steps.length);
  });

  it('I01.5 (budget, due Fri 07/04/2023): reminders T-3, T-1, T-0; escalations +1, +3, +5 working days; approval breach +2', () => {
    expect(find('I01.5')).toEqual({
      id: 'I01.5',
      unit: null,
      period: null,
      assignee: 'finance_officer',
      due: '2023-04-07',
      events: [
        ev('reminder', '2023-04-04', 'finance_officer'),
        ev('reminder', '2023-04-06', 'finance_officer'),
        ev('reminder', '2023-04-07', 'finance_officer'),
        ev('escalation', '2023-04-10', 'vice_chair_vhxh'),
        ev('approval-escalation', '2023-04-11', 'chairman'),
        ev('escalation', '2023-04-12', 'chairman'),
        ev('escalation', '2023-04-14', 'district_monitor'),
      ],
    });
  });

  it('a fan-out step: each village has its own instance on the village chain (officer → vice-chairman → chairman)', () => {
    for (const unit of ['thon_01', 'thon_07', 'thon_10']) {
      expect(find('I01.4', unit).events).toEqual([
        ev('reminder', '2023-04-11', 'village_head'),
        ev('reminder', '2023-04-13', 'village_head'),
        ev('reminder', '2023-04-14', 'village_head'),
        ev('escalation', '2023-04-17', 'officer_ldtbxh'),
        ev('escalation', '2023-04-19', 'vice_chair_vhxh'),
        ev('escalation', '2023-04-21', 'chairman'),
      ]);
    }
    expect(roleEmail(plan.roles.village_head, 'thon_07')).toBe('truongthon-07@hagiang.example.org');
  });

  it('monthly recurrences fall on the last working day: April is Fri 28/04 (29/04–03/05 are days off), December Fri 29/12', () => {
    const dues = preview.steps.filter((s) => s.id === 'I03.1').map((s) => s.due);
    expect(dues).toEqual([
      '2023-04-28',
      '2023-05-31',
      '2023-06-30',
      '2023-07-31',
      '2023-08-31',
      '2023-09-29',
      '2023-10-31',
      '2023-11-30',
      '2023-12-29',
    ]);
    expect(preview.steps.filter((s) => s.id === 'I12.1').map((s) => s.due)).toEqual(dues);
  });

  it('the Mid-Autumn festival (15/8 lunar = Fri 29/09/2023) with its own reminders T-5, T-2, T-0, never escalating to its own assignee', () => {
    expect(find('I09.4')).toMatchObject({
      due: '2023-09-29',
      events: [
        ev('reminder', '2023-09-22', 'vice_chair_vhxh'),
        ev('reminder', '2023-09-27', 'vice_chair_vhxh'),
        ev('reminder', '2023-09-29', 'vice_chair_vhxh'),
        ev('escalation', '2023-10-04', 'chairman'),
        ev('escalation', '2023-10-06', 'district_monitor'),
      ],
    });
  });

  it('reminders and escalations skip holidays: scholarships due Tue 05/09 are reminded Tue 29/08 (01–04/09 are days off)', () => {
    expect(find('I10.1').events.slice(0, 3)).toEqual([
      ev('reminder', '2023-08-29', 'officer_ldtbxh'),
      ev('reminder', '2023-08-31', 'officer_ldtbxh'),
      ev('reminder', '2023-09-05', 'officer_ldtbxh'),
    ]);
  });

  it('an escalation that crosses New Year: the final accounts due Fri 29/12/2023 escalate on Tue 02/01/2024', () => {
    expect(find('I14.1').events.filter((e) => e.kind === 'escalation')).toEqual([
      ev('escalation', '2024-01-02', 'vice_chair_vhxh'),
      ev('escalation', '2024-01-04', 'chairman'),
      ev('escalation', '2024-01-08', 'district_monitor'),
    ]);
  });

  it('never dates an event on a rest day, nor a reminder before the step starts', () => {
    for (const s of expandInstances(plan, cal)) {
      const p = find(s.stepId, s.unit, s.dueEffective);
      for (const e of p.events) {
        expect(cal.isWorkingDay(e.date)).toBe(true);
        if (e.kind === 'reminder' && s.start) expect(e.date >= s.start).toBe(true);
      }
    }
  });

  it('resolves the monitoring body by date: a step escalated after 01/07/2025 goes to the province', () => {
    const moved = {
      ...plan,
      items: [{ ...plan.items[0], steps: [{ ...plan.items[0].steps[4], id: 'X1', due: '2025-06-27', start: undefined }] }],
    };
    const events = previewPlan(moved, cal).steps[0].events.filter((e) => e.kind === 'escalation');
    expect(events.at(-1)).toEqual(ev('escalation', '2025-07-04', 'province_monitor'));
  });
});

describe('notice spread', () => {
  it('gives each instance a fixed minute within the spread after 08:00, and spreads a province day over the morning', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `P1.${i % 10}-thon_${String(i).padStart(4, '0')}`);
    const offsets = keys.map((k) => noticeOffsetMs('TINH-2023', k, NOTICE_SPREAD_MIN));
    expect(offsets).toEqual(keys.map((k) => noticeOffsetMs('TINH-2023', k, NOTICE_SPREAD_MIN)));
    for (const o of offsets) {
      expect(o % 60_000).toBe(0);
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(NOTICE_SPREAD_MIN * 60_000);
    }
    const perMinute = new Map<number, number>();
    for (const o of offsets) perMinute.set(o, (perMinute.get(o) ?? 0) + 1);
    expect(perMinute.size).toBeGreaterThan(NOTICE_SPREAD_MIN * 0.9);
    expect(Math.max(...perMinute.values())).toBeLessThan(30); // 1000 at 08:00 sharp without the spread
  });

  it("puts an instance's reminders at 08:00 plus its offset on the run clock when the plan spreads them, at 08:00 sharp otherwise", () => {
    const inst = expandInstances(plan, cal).find((i) => i.key === 'I01.5')!;
    const start = new Date('2023-03-23T00:00:00Z');
    const sharp = timedNotices(plan, cal, inst, realClock(start), start);
    expect(sharp.length).toBeGreaterThan(0);
    for (const n of sharp) expect(n.atReal).toBe(new Date(`${n.date}T01:00:00Z`).toISOString());
    const spread = { ...plan, policies: { ...plan.policies, noticeSpreadMin: NOTICE_SPREAD_MIN } };
    const offset = noticeOffsetMs(plan.id, 'I01.5', NOTICE_SPREAD_MIN);
    expect(offset).toBeGreaterThan(0);
    expect(timedNotices(spread, cal, inst, realClock(start), start).map((n) => n.atReal)).toEqual(
      sharp.map((n) => new Date(Date.parse(n.atReal) + offset).toISOString()),
    );
  });
});

describe('approvalEscalationDate (art. 147: the day of the submission is not counted)', () => {
  it('gives the approver slaWd working days after the submission day and escalates on the next one', () => {
    expect(approvalEscalationDate(cal, '2023-03-01', 2)).toBe('2023-03-06'); // Wed: Thu, Fri are the 2 days; Mon
    expect(approvalEscalationDate(cal, '2023-03-05', 2)).toBe('2023-03-08'); // Sun: Mon, Tue; Wed (not Thu)
    expect(approvalEscalationDate(cal, '2023-09-02', 1)).toBe('2023-09-06'); // National Day: Tue 05/09; Wed
  });
});
