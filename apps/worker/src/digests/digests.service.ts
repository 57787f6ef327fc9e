import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { DigestMailsInput, DigestScheduleInput, TimedDigest } from '#libs/contracts/src/index.js';
import {
  OutboxRepository,
  PlanRepository,
  RoleRepository,
  StepRepository,
  type OutboxMail,
  type PlanRow,
} from '#libs/database/src/index.js';
import {
  addCalendarDays,
  dailyDigestRoles,
  dailyDigests,
  digestDates,
  digestWindowEnd,
  localDateOf,
  noticeInstant,
  planCalendarYears,
  planTimeAt,
  realTimeAt,
  weeklyDigest,
  WorkingCalendar,
} from '#libs/domain/src/index.js';
import { DigestMailComposer, dailyDigestPrefix, weeklyDigestKey } from './digest-mail.composer.js';

type RunningPlan = PlanRow & { clock: NonNullable<PlanRow['clock']> };

/**
 * What the digest workflow of a plan run asks of PostgreSQL: the days its digests go out (the domain library computes
 * them, the run's clock maps them to real instants), and on each such day the digest mails, written to the outbox
 * under keys of their plan and week (weekly) or holder and day (daily), so a retried activity or a restarted
 * workflow writes each at most once.
 */
@Injectable()
export class DigestsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DigestMailComposer) private readonly composer: DigestMailComposer,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(RoleRepository) private readonly roles: RoleRepository,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
  ) {}

  /**
   * The next `limit` digest days after `after`; on the first call (no `after`) from `since` on, leaving out those
   * already past then. They end a week after the run's last due date, read afresh each time (an extension moves it).
   */
  async schedule({ planId, since, after, limit }: DigestScheduleInput): Promise<TimedDigest[]> {
    const plan = await this.running(planId);
    const until = digestWindowEnd(await this.steps.list(planId));
    if (!until) return [];
    const from = after ? addCalendarDays(after, 1) : localDateOf(planTimeAt(plan.clock, new Date(since)));
    const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
    return digestDates(cal, from, until, { daily: dailyDigestRoles(plan.spec).length > 0 })
      .map((d) => ({ ...d, atReal: realTimeAt(plan.clock, noticeInstant(d.date)).toISOString() }))
      .filter((d) => after !== undefined || Date.parse(d.atReal) >= Date.parse(since))
      .slice(0, limit);
  }

  /**
   * Writes the digests of a day to the outbox and returns the keys to deliver: those written now and any of that day
   * an earlier attempt wrote (a key already there keeps its first content and is never sent twice).
   */
  async queue({ planId, date, week, weekly, daily }: DigestMailsInput): Promise<string[]> {
    const plan = await this.running(planId);
    const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
    const [rows, roles] = await Promise.all([this.steps.list(planId), this.roles.forPlan(planId)]);
    const mails: OutboxMail[] = [];
    if (weekly) {
      const mail = this.composer.weekly(plan, roles, { ...weeklyDigest(plan.spec, cal, rows, date), week });
      if (mail) mails.push(mail);
    }
    if (daily) mails.push(...dailyDigests(plan.spec, cal, rows, date).map((d) => this.composer.daily(plan, roles, d)));
    return this.ds.transaction(async (m) => {
      for (const mail of mails) await this.outbox.enqueue(m, mail);
      const keys = weekly ? await this.outbox.keysWithPrefix(m, weeklyDigestKey(planId, week)) : [];
      if (daily) keys.push(...(await this.outbox.keysWithPrefix(m, dailyDigestPrefix(planId))).filter((k) => k.endsWith(`:${date}`)));
      return keys;
    });
  }

  private async running(planId: string): Promise<RunningPlan> {
    const plan = await this.plans.find(planId);
    if (!plan?.clock) throw ApplicationFailure.nonRetryable(`plan ${planId} has no run`, 'PLAN_NOT_RUNNING');
    return plan as RunningPlan;
  }
}
