import type { WorkingCalendar } from '../calendar/index.js';
import { allSteps, DEFAULT_CHAIN, unitsOfGroup, type PlanSpec, type StepSpec } from './plan.js';

/** One dated piece of work: a step, or one village's share of a fan-out step, or one month of a recurring step. */
export interface StepInstance {
  key: string; // unique in the plan: I01.5, I01.4-thon_01, I03.1-2023-04
  stepId: string;
  itemId: string;
  title: string;
  unit: string | null;
  period: string | null; // YYYY-MM of a recurring step
  assignee: string;
  approver: string | null;
  start?: string;
  due: string; // as the plan says
  dueEffective: string; // rolled to a working day: forward (Civil Code art. 148(5)), or back for a step due_by (no later than)
  chain: string;
}

export const instanceKey = (stepId: string, unit: string | null, period: string | null) =>
  [stepId, unit, period].filter((x) => x !== null).join('-');

function monthlyDue(cal: WorkingCalendar, year: number, month: number, rule: NonNullable<StepSpec['recurrence']>['due']): string {
  if (rule === 'last_working_day_of_month') return cal.lastWorkingDayOfMonth(year, month);
  if (rule === 'first_working_day_of_month') return cal.firstWorkingDayOfMonth(year, month);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(rule, last)).padStart(2, '0')}`;
}

function months(from: string, to: string): [number, number][] {
  const out: [number, number][] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push([y, m]);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/** Every dated step instance of a plan; steps started by an event (trigger) have none. */
export function expandInstances(plan: PlanSpec, cal: WorkingCalendar): StepInstance[] {
  const out: StepInstance[] = [];
  for (const s of allSteps(plan)) {
    if (s.trigger) continue;
    const dues: { due: string; period: string | null }[] = s.recurrence
      ? months(s.recurrence.from, s.recurrence.to).map(([y, m]) => ({
          due: monthlyDue(cal, y, m, s.recurrence!.due),
          period: `${y}-${String(m).padStart(2, '0')}`,
        }))
      : s.due || s.dueBy
        ? [{ due: (s.due ?? s.dueBy) as string, period: null }]
        : [];
    const units: (string | null)[] = s.fanOut ? unitsOfGroup(plan, s.fanOut).map((u) => u.id) : [null];
    for (const { due, period } of dues) {
      for (const unit of units) {
        out.push({
          key: instanceKey(s.id, unit, period),
          stepId: s.id,
          itemId: s.itemId,
          title: s.title,
          unit,
          period,
          assignee: s.assignee,
          approver: s.approval,
          start: s.start,
          due,
          dueEffective: s.dueBy && !s.recurrence ? cal.rollBack(due) : cal.roll(due),
          chain: s.escalation && plan.policies.chains[s.escalation] ? s.escalation : DEFAULT_CHAIN,
        });
      }
    }
  }
  return out;
}
