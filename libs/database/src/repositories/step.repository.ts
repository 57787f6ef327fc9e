import type { DataSource, EntityManager } from 'typeorm';
import type { ActedBy, StepBucket, StepFields, SubmissionEvidence } from '#libs/domain/src/index.js';
import { WriteBatch } from '../write-batch.js';
import { auditKeyFrom, CURRENT_CHAIN_VERSION, eventHashV2, verifyChain, type ChainRow, type ChainVerdict } from '../audit-chain.js';

/** What a plan run writes for each step before its workflow starts. */
export interface NewStepRow extends Pick<StepFields, 'state' | 'bucket' | 'dueAtPlan'> {
  planId: string;
  stepId: string; // the instance key
  specStepId: string;
  unitId: string | null;
  period: string | null;
  itemId: string;
  title: string;
  assignee: string;
  approver: string | null;
  startDate: string | null;
  dueDate: string;
  dueAtReal: Date;
  workflowId: string;
  /** The child-abuse case that started this step, if any. */
  caseId?: string | null;
  /** The child-friendly commune assessment drafted in this step, if any. */
  assessmentId?: string | null;
}

export interface StepRow extends NewStepRow, StepFields {
  extendedDueDate: string | null;
  seq: number;
  updatedAt: Date;
}

export interface StepEventRow {
  seq: number;
  kind: string;
  actor: string | null;
  note: string | null;
  at: Date;
  atPlan: Date;
  evidence?: SubmissionEvidence | null;
  /** Who acted beside the role (null: recorded before people were recorded). */
  actedBy?: ActedBy | null;
}

/** A plan's audit verified step by step: every step's verdict, and the first broken one. */
export interface PlanAuditVerdict {
  planId: string;
  valid: boolean;
  steps: number;
  events: number;
  v1Events: number;
  firstBroken?: { stepId: string } & Extract<ChainVerdict, { valid: false }>;
}

const CHAIN_COLUMNS = `plan_id AS "planId", step_id AS "stepId", seq, kind, actor, note, at_plan AS "atPlan", evidence, acted_by AS "actedBy",
  prev_hash AS "prevHash", hash, chain_version AS "chainVersion"`;

const STEP_COLUMNS = `plan_id AS "planId", step_id AS "stepId", spec_step_id AS "specStepId", unit_id AS "unitId", period, case_id AS "caseId", assessment_id AS "assessmentId", item_id AS "itemId", title, assignee, approver,
  to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", to_char(extended_due_date, 'YYYY-MM-DD') AS "extendedDueDate",
  due_at_plan AS "dueAtPlan", due_at_real AS "dueAtReal", state, overdue, bucket, workflow_id AS "workflowId", seq,
  submitted_at AS "submittedAt", submitted_at_plan AS "submittedAtPlan", completed_at AS "completedAt",
  completed_at_plan AS "completedAtPlan", updated_at AS "updatedAt"`;

const emptyBuckets = (): Record<StepBucket, number> => ({
  completed_on_time: 0,
  completed_late: 0,
  open_on_time: 0,
  open_overdue: 0,
  cancelled: 0,
});

export class StepRepository {
  /** `auditKey`: the key of the audit chain's HMAC (auditKeyFrom(APP_SECRET)); the api and the worker pass theirs. */
  constructor(
    private readonly ds: DataSource,
    private readonly auditKey: Buffer = auditKeyFrom(undefined),
  ) {}

  /** Inserts the step rows that do not exist yet and counts the new ones into the rollup. */
  async insertMissing(m: EntityManager, rows: NewStepRow[]): Promise<number> {
    let inserted = 0;
    for (const r of rows) {
      const res: unknown[] = await m.query(
        `INSERT INTO step (plan_id, step_id, spec_step_id, unit_id, period, item_id, title, assignee, approver, start_date, due_date,
           due_at_plan, due_at_real, state, bucket, workflow_id, case_id, assessment_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT (plan_id, step_id) DO NOTHING RETURNING step_id`,
        [
          r.planId,
          r.stepId,
          r.specStepId,
          r.unitId,
          r.period,
          r.itemId,
          r.title,
          r.assignee,
          r.approver,
          r.startDate,
          r.dueDate,
          r.dueAtPlan,
          r.dueAtReal,
          r.state,
          r.bucket,
          r.workflowId,
          r.caseId ?? null,
          r.assessmentId ?? null,
        ],
      );
      if (res.length) {
        inserted++;
        await this.addToRollup(m, r, r.bucket, 1);
        await this.addToAssigneeRollup(m, r, r.assignee, r.bucket, 1);
      }
    }
    return inserted;
  }

  async list(planId: string): Promise<StepRow[]> {
    return this.ds.query(`SELECT ${STEP_COLUMNS} FROM step WHERE plan_id = $1 ORDER BY item_id, step_id`, [planId]);
  }

  /** The order a plan run's workflows walk its instances in: fixed once the rows exist, villages kept together. */
  private static readonly RUN_ORDER = `ORDER BY unit_id NULLS FIRST, step_id`;

  /** How many instances the plan run walks (case and assessment steps are started by their case or assessment, not by the run). */
  async countForRun(planId: string): Promise<number> {
    const rows: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM step WHERE plan_id = $1 AND case_id IS NULL AND assessment_id IS NULL`,
      [planId],
    );
    return Number(rows[0].n);
  }

  /** The instances [from, to) of the plan run, in run order. */
  async sliceForRun(planId: string, from: number, to: number): Promise<StepRow[]> {
    return this.ds.query(
      `SELECT ${STEP_COLUMNS} FROM step WHERE plan_id = $1 AND case_id IS NULL AND assessment_id IS NULL ${StepRepository.RUN_ORDER} OFFSET $2 LIMIT $3`,
      [planId, from, to - from],
    );
  }

  /** The steps a case report started. */
  async forCase(planId: string, caseId: string): Promise<StepRow[]> {
    return this.ds.query(`SELECT ${STEP_COLUMNS} FROM step WHERE plan_id = $1 AND case_id = $2 ORDER BY due_at_plan, step_id`, [
      planId,
      caseId,
    ]);
  }

  async find(planId: string, stepId: string): Promise<StepRow | undefined> {
    const rows: StepRow[] = await this.ds.query(`SELECT ${STEP_COLUMNS} FROM step WHERE plan_id = $1 AND step_id = $2`, [planId, stepId]);
    return rows[0];
  }

  async lock(m: EntityManager, planId: string, stepId: string): Promise<StepRow | undefined> {
    const rows: StepRow[] = await m.query(`SELECT ${STEP_COLUMNS} FROM step WHERE plan_id = $1 AND step_id = $2 FOR UPDATE`, [
      planId,
      stepId,
    ]);
    return rows[0];
  }

  /**
   * The step row locked, with the hash of its last audit event, in one round trip: while the lock is held nobody else
   * appends to the step's chain, so the hash stays the one to chain the next event to.
   */
  async lockWithLastHash(m: EntityManager, planId: string, stepId: string): Promise<(StepRow & { lastHash: string | null }) | undefined> {
    const rows: (StepRow & { lastHash: string | null })[] = await m.query(
      `SELECT ${STEP_COLUMNS}, (SELECT e.hash FROM step_event e WHERE e.plan_id = $1 AND e.step_id = $2 ORDER BY e.seq DESC LIMIT 1) AS "lastHash"
       FROM step WHERE plan_id = $1 AND step_id = $2 FOR UPDATE`,
      [planId, stepId],
    );
    return rows[0];
  }

  /**
   * Appends an audit row, chained to the step's previous one by hash (the caller holds the step row's lock; `lastHash`
   * when it read the previous hash with the lock, see lockWithLastHash); false when that transition (plan, step, seq) was
   * already recorded.
   */
  async appendEvent(
    m: EntityManager,
    planId: string,
    stepId: string,
    e: Omit<StepEventRow, 'at'>,
    lastHash?: string | null,
  ): Promise<boolean> {
    const last: { hash: string | null }[] =
      lastHash !== undefined
        ? [{ hash: lastHash }]
        : await m.query(`SELECT hash FROM step_event WHERE plan_id = $1 AND step_id = $2 ORDER BY seq DESC LIMIT 1`, [planId, stepId]);
    const prevHash = last[0]?.hash ?? null;
    const hash = eventHashV2(this.auditKey, prevHash, { planId, stepId, ...e });
    const rows: unknown[] = await m.query(
      `INSERT INTO step_event (plan_id, step_id, seq, kind, actor, note, at_plan, evidence, acted_by, prev_hash, hash, chain_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ON CONSTRAINT step_event_seq_uq DO NOTHING RETURNING id`,
      [
        planId,
        stepId,
        e.seq,
        e.kind,
        e.actor,
        e.note,
        e.atPlan,
        e.evidence ? JSON.stringify(e.evidence) : null,
        e.actedBy ? JSON.stringify(e.actedBy) : null,
        prevHash,
        hash,
        CURRENT_CHAIN_VERSION,
      ],
    );
    return rows.length > 0;
  }

  /** The next evidence version of a step: one more than the submissions recorded so far. */
  async nextEvidenceVersion(m: EntityManager, planId: string, stepId: string): Promise<number> {
    const rows: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND step_id = $2 AND kind = 'submitted'`,
      [planId, stepId],
    );
    return rows[0].n + 1;
  }

  /** The latest submission of a step: its audit row's seq, the role that submitted it and its evidence version. */
  async lastSubmission(
    planId: string,
    stepId: string,
  ): Promise<
    | {
        seq: number;
        actor: string | null;
        version: number;
        note: string | null;
        evidence: SubmissionEvidence | null;
        actedBy: ActedBy | null;
      }
    | undefined
  > {
    const rows: {
      seq: number;
      actor: string | null;
      note: string | null;
      evidence: SubmissionEvidence | null;
      acted_by: ActedBy | null;
      n: number;
    }[] = await this.ds.query(
      `SELECT seq, actor, note, evidence, acted_by, (SELECT count(*)::int FROM step_event c WHERE c.plan_id = $1 AND c.step_id = $2 AND c.kind = 'submitted') AS n
       FROM step_event WHERE plan_id = $1 AND step_id = $2 AND kind = 'submitted' ORDER BY seq DESC LIMIT 1`,
      [planId, stepId],
    );
    const r = rows[0];
    return (
      r && { seq: r.seq, actor: r.actor, note: r.note, evidence: r.evidence, actedBy: r.acted_by, version: r.evidence?.version ?? r.n }
    );
  }

  /** One submission of a step by its evidence version: the note, links and files the approver is asked to decide on. */
  async submission(
    planId: string,
    stepId: string,
    version: number,
  ): Promise<{ seq: number; actor: string | null; note: string | null; evidence: SubmissionEvidence | null } | undefined> {
    const rows: { seq: number; actor: string | null; note: string | null; evidence: SubmissionEvidence | null }[] = await this.ds.query(
      `SELECT seq, actor, note, evidence FROM step_event WHERE plan_id = $1 AND step_id = $2 AND kind = 'submitted' AND (evidence->>'version')::int = $3 ORDER BY seq LIMIT 1`,
      [planId, stepId, version],
    );
    return rows[0];
  }

  /** Checks the step's audit chain. */
  async verifyAudit(planId: string, stepId: string): Promise<ChainVerdict> {
    const rows: ChainRow[] = await this.ds.query(
      `SELECT ${CHAIN_COLUMNS} FROM step_event WHERE plan_id = $1 AND step_id = $2 ORDER BY seq`,
      [planId, stepId],
    );
    return verifyChain(this.auditKey, rows);
  }

  /**
   * Checks every step's chain of a plan (the steps in id order, read a batch of steps at a time); stops at the first
   * broken one. The events of steps that have no step row (a step row deleted) are walked as well.
   */
  async verifyPlanAudit(planId: string, batch = 200): Promise<PlanAuditVerdict> {
    const ids: { stepId: string }[] = await this.ds.query(
      `SELECT step_id AS "stepId" FROM step WHERE plan_id = $1 UNION SELECT DISTINCT step_id FROM step_event WHERE plan_id = $1 ORDER BY 1`,
      [planId],
    );
    const out: PlanAuditVerdict = { planId, valid: true, steps: ids.length, events: 0, v1Events: 0 };
    for (let i = 0; i < ids.length; i += batch) {
      const chunk = ids.slice(i, i + batch).map((r) => r.stepId);
      const rows: ChainRow[] = await this.ds.query(
        `SELECT ${CHAIN_COLUMNS} FROM step_event WHERE plan_id = $1 AND step_id = ANY($2) ORDER BY step_id, seq`,
        [planId, chunk],
      );
      const by = new Map<string, ChainRow[]>(chunk.map((id) => [id, []]));
      for (const r of rows) by.get(r.stepId)!.push(r);
      for (const [stepId, events] of by) {
        const v = verifyChain(this.auditKey, events);
        out.events += v.events;
        out.v1Events += v.v1Events;
        if (!v.valid) return { ...out, valid: false, firstBroken: { stepId, ...v } };
      }
    }
    return out;
  }

  async events(planId: string, stepId: string): Promise<StepEventRow[]> {
    return this.ds.query(
      `SELECT seq, kind, actor, note, at, at_plan AS "atPlan", evidence, acted_by AS "actedBy" FROM step_event WHERE plan_id = $1 AND step_id = $2 ORDER BY seq`,
      [planId, stepId],
    );
  }

  /**
   * Writes the new fields and moves the step between rollup buckets (or, staying in its bucket, moves the bucket's
   * version, so the plan's status version moves), in the caller's transaction and in one statement.
   */
  async update(
    m: EntityManager,
    cur: StepRow,
    next: StepFields & { assignee?: string; extendedDueDate?: string },
    seq: number,
  ): Promise<void> {
    const batch = new WriteBatch();
    this.updateInto(batch, cur, next, seq);
    await batch.run(m);
  }

  /** The writes of `update`, added to a batch that other repositories add to (the transition's mails and links). */
  updateInto(batch: WriteBatch, cur: StepRow, next: StepFields & { assignee?: string; extendedDueDate?: string }, seq: number): void {
    const assignee = next.assignee ?? cur.assignee;
    const moved = cur.bucket !== next.bucket;
    const p = (v: unknown) => batch.param(v);
    const [plan, item, unit, oldBucket, bucket, newAssignee] = [
      p(cur.planId),
      p(cur.itemId),
      p(cur.unitId ?? ''),
      p(cur.bucket),
      p(next.bucket),
      p(assignee),
    ];
    batch.add(
      `UPDATE step SET state = ${p(next.state)}, overdue = ${p(next.overdue)}, bucket = ${bucket}, submitted_at = ${p(next.submittedAt)},
         submitted_at_plan = ${p(next.submittedAtPlan)}, completed_at = ${p(next.completedAt)}, completed_at_plan = ${p(next.completedAtPlan)},
         seq = GREATEST(seq, ${p(seq)}), assignee = ${newAssignee}, extended_due_date = ${p(next.extendedDueDate ?? cur.extendedDueDate)}, updated_at = now()
       WHERE plan_id = ${plan} AND step_id = ${p(cur.stepId)}`,
    );
    batch.add(
      moved
        ? `INSERT INTO status_rollup (plan_id, item_id, unit_id, bucket, count, version) VALUES (${plan}, ${item}, ${unit}, ${oldBucket}::text, -1, 1), (${plan}, ${item}, ${unit}, ${bucket}::text, 1, 1)
           ON CONFLICT (plan_id, bucket, item_id, unit_id) DO UPDATE SET count = status_rollup.count + EXCLUDED.count, version = status_rollup.version + 1`
        : `UPDATE status_rollup SET version = version + 1 WHERE plan_id = ${plan} AND item_id = ${item} AND unit_id = ${unit} AND bucket = ${oldBucket}::text`,
    );
    if (moved || cur.assignee !== assignee) {
      batch.add(`INSERT INTO assignee_rollup (plan_id, assignee, unit_id, bucket, count) VALUES (${plan}, ${p(cur.assignee)}::text, ${unit}, ${oldBucket}::text, -1), (${plan}, ${newAssignee}::text, ${unit}, ${bucket}::text, 1)
        ON CONFLICT (plan_id, assignee, unit_id, bucket) DO UPDATE SET count = assignee_rollup.count + EXCLUDED.count`);
    }
  }

  private async addToRollup(
    m: EntityManager,
    s: Pick<NewStepRow, 'planId' | 'itemId' | 'unitId'>,
    bucket: StepBucket,
    delta: number,
  ): Promise<void> {
    await m.query(
      `INSERT INTO status_rollup (plan_id, item_id, unit_id, bucket, count, version) VALUES ($1, $2, $3, $4, $5, 1)
       ON CONFLICT (plan_id, bucket, item_id, unit_id) DO UPDATE SET count = status_rollup.count + EXCLUDED.count, version = status_rollup.version + 1`,
      [s.planId, s.itemId, s.unitId ?? '', bucket, delta],
    );
  }

  private async addToAssigneeRollup(
    m: EntityManager,
    s: Pick<NewStepRow, 'planId' | 'unitId'>,
    assignee: string,
    bucket: StepBucket,
    delta: number,
  ): Promise<void> {
    await m.query(
      `INSERT INTO assignee_rollup (plan_id, assignee, unit_id, bucket, count) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plan_id, assignee, unit_id, bucket) DO UPDATE SET count = assignee_rollup.count + EXCLUDED.count`,
      [s.planId, assignee, s.unitId ?? '', bucket, delta],
    );
  }

  /** The plan run's counts per bucket, from the roll-up rows; with `units`, of those units only ('' = the commune itself). */
  async rollup(planId: string, units?: string[]): Promise<Record<StepBucket, number>> {
    const rows: { bucket: StepBucket; count: string }[] = await this.ds.query(
      `SELECT bucket, sum(count) AS count FROM status_rollup WHERE plan_id = $1 ${units ? 'AND unit_id = ANY($2)' : ''} GROUP BY bucket`,
      units ? [planId, units] : [planId],
    );
    const out = emptyBuckets();
    for (const r of rows) out[r.bucket] = Number(r.count);
    return out;
  }

  /** The roll-up per item and per unit ('' = the commune itself), each with its counts per bucket. */
  async rollupByItemUnit(
    planId: string,
    units?: string[],
  ): Promise<{ itemId: string; unitId: string; counts: Record<StepBucket, number> }[]> {
    const rows: { itemId: string; unitId: string; bucket: StepBucket; count: number }[] = await this.ds.query(
      `SELECT item_id AS "itemId", unit_id AS "unitId", bucket, count FROM status_rollup
       WHERE plan_id = $1 AND count <> 0 ${units ? 'AND unit_id = ANY($2)' : ''} ORDER BY item_id, unit_id`,
      units ? [planId, units] : [planId],
    );
    const by = new Map<string, { itemId: string; unitId: string; counts: Record<StepBucket, number> }>();
    for (const r of rows) {
      const k = `${r.itemId}\u0000${r.unitId}`;
      if (!by.has(k)) by.set(k, { itemId: r.itemId, unitId: r.unitId, counts: emptyBuckets() });
      by.get(k)!.counts[r.bucket] = Number(r.count);
    }
    return [...by.values()];
  }

  /** Counts per assignee (role key) and bucket, from the assignee roll-up; with `units`, of those units only. */
  async rollupByAssignee(planId: string, units?: string[]): Promise<{ assignee: string; counts: Record<StepBucket, number> }[]> {
    const rows: { assignee: string; bucket: StepBucket; count: string }[] = await this.ds.query(
      `SELECT assignee, bucket, sum(count) AS count FROM assignee_rollup
       WHERE plan_id = $1 AND count <> 0 ${units ? 'AND unit_id = ANY($2)' : ''} GROUP BY assignee, bucket ORDER BY assignee`,
      units ? [planId, units] : [planId],
    );
    const by = new Map<string, Record<StepBucket, number>>();
    for (const r of rows) {
      if (!by.has(r.assignee)) by.set(r.assignee, emptyBuckets());
      by.get(r.assignee)![r.bucket] = Number(r.count);
    }
    return [...by.entries()].map(([assignee, counts]) => ({ assignee, counts }));
  }

  /**
   * What a cached status answer depends on, read without touching the steps: the plan's clock and the sum of its
   * roll-up rows' versions, which grows with every committed step change. Undefined for an unknown plan.
   */
  async statusVersion(planId: string): Promise<{ version: string; rows: number; clock: unknown; runStartedAt: Date | null } | undefined> {
    const rows: { version: string; rows: number; clock: unknown; runStartedAt: Date | null }[] = await this.ds.query(
      `SELECT p.clock, p.run_started_at AS "runStartedAt",
         (SELECT coalesce(sum(r.version), 0)::text FROM status_rollup r WHERE r.plan_id = p.id) AS version,
         (SELECT count(*)::int FROM status_rollup r WHERE r.plan_id = p.id) AS rows
       FROM plan p WHERE p.id = $1`,
      [planId],
    );
    return rows[0];
  }

  /** One page of a plan's steps in item order; with `units`, of those units only ('' = the commune itself). */
  async page(planId: string, o: { offset: number; limit: number; units?: string[] }): Promise<StepRow[]> {
    return this.ds.query(
      `SELECT ${STEP_COLUMNS} FROM step WHERE plan_id = $1 ${o.units ? `AND coalesce(unit_id, '') = ANY($4)` : ''}
       ORDER BY item_id, step_id OFFSET $2 LIMIT $3`,
      o.units ? [planId, o.offset, o.limit, o.units] : [planId, o.offset, o.limit],
    );
  }

  /** A plan's steps in one bucket (e.g. open_overdue), earliest due first, at most `limit`. */
  async inBucket(planId: string, bucket: StepBucket, limit: number): Promise<StepRow[]> {
    return this.ds.query(
      `SELECT ${STEP_COLUMNS} FROM step WHERE plan_id = $1 AND bucket = $2 ORDER BY due_date, item_id, step_id LIMIT $3`,
      [planId, bucket, limit],
    );
  }

  async countByState(planId: string): Promise<Record<string, number>> {
    const rows: { state: string; n: string }[] = await this.ds.query(
      `SELECT state, count(*) AS n FROM step WHERE plan_id = $1 GROUP BY state`,
      [planId],
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /**
   * Across plans, the steps in one of `states` whose assignee (or approver) role a user holds: a role of the whole plan
   * on any of its steps, a village role on its village's steps; or holds today by a delegation. Soonest due first.
   */
  async forHolder(userId: string, duty: 'assignee' | 'approver', states: string[]): Promise<StepRow[]> {
    const role = duty === 'assignee' ? 's.assignee' : 's.approver';
    return this.ds.query(
      `SELECT ${STEP_COLUMNS} FROM step s WHERE s.state = ANY($2) AND (EXISTS (
         SELECT 1 FROM staff_membership m WHERE m.user_id = $1 AND m.valid_to IS NULL AND m.plan_id = s.plan_id AND m.role_key = ${role}
           AND (m.unit_id = '' OR m.unit_id = coalesce(s.unit_id, '')))
       OR EXISTS (
         SELECT 1 FROM role_delegation d
           JOIN staff_membership g ON g.user_id = d.from_user_id AND g.plan_id = d.plan_id AND g.role_key = d.role_key AND g.unit_id = d.unit_id AND g.valid_to IS NULL
           JOIN staff_user gu ON gu.id = d.from_user_id AND gu.active
         WHERE d.to_user_id = $1 AND d.plan_id = s.plan_id AND d.role_key = ${role} AND (d.unit_id = '' OR d.unit_id = coalesce(s.unit_id, ''))
           AND d.revoked_at IS NULL AND (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN d.valid_from AND d.valid_to))
       ORDER BY s.due_at_plan, s.plan_id, s.step_id`,
      [userId, states],
    );
  }
}
