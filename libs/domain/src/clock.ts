/**
 * A plan-run clock maps plan time to real time. A real run has planEpoch = realEpoch and speed 1; a rehearsal starts
 * the plan at a chosen plan instant "now" and may run faster (speed = plan seconds per real second).
 */
export interface PlanClock {
  readonly planEpoch: string; // ISO instant in plan time
  readonly realEpoch: string; // ISO instant in real time
  readonly speed: number;
}

export const realClock = (now: Date): PlanClock => ({ planEpoch: now.toISOString(), realEpoch: now.toISOString(), speed: 1 });

export function rehearsalClock(planStart: Date, realStart: Date, speed: number): PlanClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  return { planEpoch: planStart.toISOString(), realEpoch: realStart.toISOString(), speed };
}

export const planTimeAt = (c: PlanClock, real: Date): Date =>
  new Date(Date.parse(c.planEpoch) + (real.getTime() - Date.parse(c.realEpoch)) * c.speed);

export const realTimeAt = (c: PlanClock, plan: Date): Date =>
  new Date(Date.parse(c.realEpoch) + (plan.getTime() - Date.parse(c.planEpoch)) / c.speed);
