import { HttpException, Inject, Injectable } from '@nestjs/common';
import { PlanDraftRepository, PlanRepository, StaffRepository, type PlanDraftRow, type SignedInUser } from '#libs/database/src/index.js';
import {
  clonePlan,
  formatViDate,
  MAX_PLAN_FILE_BYTES,
  modelPlanFacts,
  planCalendarYears,
  planFileOfModel,
  previewPlan,
  WorkingCalendar,
  type LocatedDiagnostic,
  type PlanModel,
} from '#libs/domain/src/index.js';
import { viLabels } from '#libs/mail/src/index.js';
import { PlanImportError, type ImportLabels } from '#libs/plan-import/src/index.js';
import { plansManagedBy } from '../auth/plan-loaders.js';
import { checkDraftIsolated, importDraftIsolated, parsePlanFileIsolated, type DraftCheckResult } from '../common/isolated-parse.js';
import { fill, vi } from '../i18n/vi.js';
import { choiceProblems, PlanStartService, type StartChoice } from './plan-start.service.js';

/** A refusal of the draft API: `{ code, message (Vietnamese), … }` as every refusal of /api/v1. */
export const refuse = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  new HttpException({ code, message, ...extra }, status);

const importLabels = () => (viLabels() as unknown as { planImport: ImportLabels }).planImport;
const viInstant = (d: Date) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);

/** The person a draft names (made or last changed it). */
export interface DraftPerson {
  id: string;
  name: string;
}

export interface DraftSummary {
  id: string;
  title: string;
  source: { kind: PlanDraftRow['sourceKind']; name: string; planId: string | null };
  version: number;
  createdBy: DraftPerson;
  updatedBy: DraftPerson;
  createdAt: string;
  updatedAt: string;
  updatedAtVi: string;
  startedPlanId: string | null;
  startedAt: string | null;
}

export interface DraftChecked {
  valid: boolean;
  todos: { path: string; text: string }[];
  diagnostics: LocatedDiagnostic[];
}

export type DraftView = DraftSummary & DraftChecked & { model: PlanModel; rewrite: string[] };

/** The upload of POST /api/v1/plan-drafts. */
export interface DraftUpload {
  name: string;
  bytes: Buffer;
}

const PLAN_FILE_EXT = /\.(ya?ml)$/i;

/**
 * Plan drafts: a plan being written before it runs, kept in PostgreSQL (plan_draft) as its plan file text and its JSON
 * model. Made from a signed plan document (the importer, in a worker with time and memory limits), from a plan file,
 * or as next year's clone of a loaded plan (`clonePlan --year`); edited as a whole model with the version it read
 * (an older version is refused with who changed it and when); checked by the same parser as `plan validate`, its
 * diagnostics located by field path; previewed as `plan preview`; started by PlanStartService (today's rules: who may
 * start, rehearsal or real), after which the draft names its plan and is read-only.
 *
 * Who sees a draft: whoever made it, and the managers (chairman, approving vice-chairman) of a loaded plan of the
 * commune the draft names as its issuer. Others get 404, as for a draft that does not exist.
 */
@Injectable()
export class PlanDraftsService {
  constructor(
    @Inject(PlanStartService) private readonly starts: PlanStartService,
    @Inject(PlanDraftRepository) private readonly drafts: PlanDraftRepository,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  /** The issuing communes of the loaded plans the user manages (chairman or approving vice-chairman, at the commune). */
  async managedIssuers(user: SignedInUser): Promise<string[]> {
    return [...new Set((await plansManagedBy(this.staff, this.plans, user.id)).map((p) => p.spec.issuer.id))];
  }

  async list(user: SignedInUser): Promise<DraftSummary[]> {
    return (await this.drafts.visibleTo(user.id, await this.managedIssuers(user))).map(summaryOf);
  }

  /** A draft the user may see, or 404. */
  private async visible(user: SignedInUser, id: string): Promise<PlanDraftRow> {
    const d = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? await this.drafts.find(id) : undefined;
    if (!d || (d.createdBy !== user.id && !(d.issuerId && (await this.managedIssuers(user)).includes(d.issuerId)))) {
      throw refuse(404, 'DRAFT_NOT_FOUND', vi.drafts.notFound);
    }
    return d;
  }

  async get(user: SignedInUser, id: string): Promise<DraftView> {
    const d = await this.visible(user, id);
    return { ...summaryOf(d), model: d.model, rewrite: d.rewrite, ...(await this.check(d.yaml)) };
  }

  /** The file uploaded: a plan file (.yaml) as it is, any other a plan document for the importer. Nothing is stored unless it is a plan. */
  async createFromUpload(user: SignedInUser, f: DraftUpload): Promise<DraftView> {
    let yaml: string;
    let checked: DraftCheckResult;
    if (PLAN_FILE_EXT.test(f.name)) {
      const notPlan = (reason: string) =>
        refuse(422, 'NOT_A_PLAN', fill(vi.drafts.notAPlan, { file: f.name, reason }), {
          errors: { file: fill(vi.drafts.notAPlan, { file: f.name, reason }) },
        });
      if (f.bytes.length > MAX_PLAN_FILE_BYTES)
        throw refuse(413, 'UPLOAD_INVALID', fill(vi.drafts.tooLarge, { max: MAX_PLAN_FILE_BYTES / 1024 / 1024 }));
      try {
        yaml = new TextDecoder('utf-8', { fatal: true }).decode(f.bytes);
      } catch {
        throw notPlan(vi.drafts.notUtf8);
      }
      const c = await checkDraftIsolated(yaml, f.name);
      const m = c.model;
      if (!m || typeof m.format !== 'string' || !m.plan || typeof m.plan !== 'object' || Array.isArray(m.plan))
        throw notPlan(vi.drafts.notAPlanFile);
      return this.create(user, { yaml, model: m, sourceKind: 'plan_file', sourceName: f.name }, c);
    }
    try {
      const d = await importDraftIsolated(f.bytes, f.name, `${f.name.replace(/\.[^.]*$/, '') || 'ke-hoach'}.yaml`);
      yaml = d.yaml;
      checked = d.check;
    } catch (err) {
      if (!(err instanceof PlanImportError)) throw err;
      const l = importLabels();
      const reason = l.errors[err.code] !== undefined ? fill(l.errors[err.code], err.vars) : err.detail;
      throw refuse(422, 'NOT_A_PLAN', fill(vi.drafts.notAPlan, { file: f.name, reason }), {
        detail: err.message,
        errors: { file: reason },
      });
    }
    if (!checked.model) throw new Error(`the importer wrote a draft that is no plan file: ${checked.reason}`);
    return this.create(user, { yaml, model: checked.model, sourceKind: 'document', sourceName: f.name }, checked);
  }

  /** "Lập kế hoạch năm sau": the plan's file cloned to the next year (dates by what they are tied to, old-year text marked TODO). */
  async createNextYear(user: SignedInUser, planId: string): Promise<DraftView> {
    const plan = await this.plans.find(planId);
    if (!plan) throw refuse(404, 'PLAN_NOT_FOUND', 'Không tìm thấy kế hoạch này.');
    const file = await this.drafts.planFile(planId);
    if (!file) throw refuse(409, 'PLAN_FILE_MISSING', fill(vi.drafts.planFileMissing, { planId }));
    const toYear = plan.year + 1;
    const cal = WorkingCalendar.vietnam([...planCalendarYears(plan.spec)]);
    const r = clonePlan(file.text, file.fileName, undefined, cal, { toYear });
    if (!r.ok)
      throw refuse(409, 'PLAN_FILE_MISSING', fill(vi.drafts.planFileMissing, { planId }), {
        detail: r.errors.map((e) => e.message).join('; '),
      });
    const c = await checkDraftIsolated(r.text, file.fileName);
    if (!c.model) throw new Error(`the clone is no plan file: ${c.reason}`);
    return this.create(
      user,
      { yaml: r.text, model: c.model, sourceKind: 'next_year', sourceName: planId, sourcePlanId: planId, rewrite: r.warnings },
      c,
    );
  }

  private async create(
    user: SignedInUser,
    c: {
      yaml: string;
      model: PlanModel;
      sourceKind: PlanDraftRow['sourceKind'];
      sourceName: string;
      sourcePlanId?: string;
      rewrite?: string[];
    },
    checked: DraftCheckResult,
  ): Promise<DraftView> {
    const facts = modelPlanFacts(c.model);
    const row = await this.drafts.create({
      title: facts.title ?? vi.drafts.untitled,
      sourceKind: c.sourceKind,
      sourceName: c.sourceName,
      sourcePlanId: c.sourcePlanId ?? null,
      issuerId: facts.issuer ?? null,
      yaml: c.yaml,
      model: c.model,
      rewrite: c.rewrite ?? [],
      userId: user.id,
    });
    return { ...summaryOf(row), model: row.model, rewrite: row.rewrite, ...checkedOf(checked) };
  }

  /** Saves the whole model when the draft is still at `version`; otherwise 409 DRAFT_CHANGED naming who changed it and when. */
  async save(user: SignedInUser, id: string, version: number, model: PlanModel): Promise<DraftView> {
    const d = await this.visible(user, id);
    if (d.startedPlanId)
      throw refuse(409, 'DRAFT_STARTED', fill(vi.drafts.started, { planId: d.startedPlanId }), { planId: d.startedPlanId });
    const yaml = this.fileOf(model);
    const facts = modelPlanFacts(model);
    const r = await this.drafts.save(
      id,
      version,
      { title: facts.title ?? vi.drafts.untitled, issuerId: facts.issuer ?? d.issuerId, yaml, model },
      user.id,
    );
    if ('missing' in r) throw refuse(404, 'DRAFT_NOT_FOUND', vi.drafts.notFound);
    if ('changed' in r) {
      const now = r.changed;
      if (now.startedPlanId)
        throw refuse(409, 'DRAFT_STARTED', fill(vi.drafts.started, { planId: now.startedPlanId }), { planId: now.startedPlanId });
      throw refuse(
        409,
        'DRAFT_CHANGED',
        fill(vi.drafts.changed, { name: now.updatedByName, at: viInstant(now.updatedAt), version: now.version }),
        {
          version: now.version,
          changedBy: { id: now.updatedBy, name: now.updatedByName },
          changedAt: now.updatedAt.toISOString(),
        },
      );
    }
    return { ...summaryOf(r.saved), model: r.saved.model, rewrite: r.saved.rewrite, ...(await this.check(r.saved.yaml)) };
  }

  /** The diagnostics of an unsaved model (as `plan validate`), nothing stored. */
  async validate(user: SignedInUser, id: string, model: PlanModel): Promise<DraftChecked> {
    await this.visible(user, id);
    return this.check(this.fileOf(model));
  }

  async planFile(user: SignedInUser, id: string): Promise<{ name: string; text: string }> {
    const d = await this.visible(user, id);
    return { name: `${modelPlanFacts(d.model).id ?? 'ke-hoach'}.yaml`, text: d.yaml };
  }

  /** The reminder and escalation calendar of the draft, as `plan preview` (a page of the dated instances). */
  async preview(user: SignedInUser, id: string, page: number, size: number) {
    const d = await this.visible(user, id);
    const r = await parsePlanFileIsolated(d.yaml, 'ke-hoach.yaml');
    if (!r.ok) throw await this.invalid(d.yaml);
    const plan = r.plan;
    const p = previewPlan(plan, WorkingCalendar.vietnam(planCalendarYears(plan)));
    const total = p.steps.length;
    const pages = Math.max(1, Math.ceil(total / size));
    if (page > pages)
      throw refuse(422, 'VALIDATION_FAILED', fill(vi.drafts.previewPage, { pages, max: 500 }), {
        errors: { page: fill(vi.drafts.previewPage, { pages, max: 500 }) },
      });
    const t = viLabels().timeline;
    const role = (key: string) => ({ key, title: plan.roles[key]?.title ?? key, person: plan.roles[key]?.person ?? null });
    const unitName = (id: string | null) => (id ? (plan.orgUnits.find((u) => u.id === id)?.name ?? id) : null);
    const titles = new Map(plan.items.flatMap((i) => i.steps.map((s) => [s.id, s.title] as const)));
    return {
      planId: plan.id,
      title: plan.title,
      page,
      pageSize: size,
      total,
      pages,
      triggered: p.triggered.map((id) => ({ stepId: id, title: titles.get(id) ?? id })),
      items: p.steps.slice((page - 1) * size, page * size).map((s) => ({
        stepId: s.id,
        title: titles.get(s.id) ?? s.id,
        unitId: s.unit,
        unitName: unitName(s.unit),
        period: s.period ?? null,
        assignee: role(s.assignee),
        due: s.due,
        dueVi: formatViDate(s.due),
        events: s.events.map((e) => ({
          kind: e.kind,
          kindLabel: t[e.kind] ?? e.kind,
          date: e.date,
          dateVi: formatViDate(e.date),
          to: role(e.to),
        })),
      })),
    };
  }

  /** Starts the draft's plan as PlanStartService does for an uploaded file; a draft with errors is refused (422), nothing started. */
  async start(
    user: SignedInUser,
    id: string,
    choice: StartChoice,
  ): Promise<{ planId: string; draftId: string; mode: 'real' | 'rehearsal'; alreadyLoaded: boolean }> {
    const d = await this.visible(user, id);
    if (d.startedPlanId)
      throw refuse(409, 'DRAFT_STARTED', fill(vi.drafts.started, { planId: d.startedPlanId }), { planId: d.startedPlanId });
    const problems = choiceProblems(choice);
    if (problems.length) {
      const errors = Object.fromEntries(problems.map((k) => [k === 'speedInvalid' ? 'speed' : 'planStart', vi.web.planStart[k]]));
      throw refuse(422, 'VALIDATION_FAILED', Object.values(errors).join(' '), { errors });
    }
    const name = `${modelPlanFacts(d.model).id ?? 'ke-hoach'}.yaml`;
    const c = await this.starts.start(user, d.yaml, name, choice);
    if (!c.ok) throw await this.invalid(d.yaml);
    if (c.refusal === 'differs') throw refuse(409, 'PLAN_EXISTS', fill(vi.drafts.planExists, { id: c.plan.id }));
    if (c.refusal) throw refuse(403, 'ACCESS_DENIED', vi.web.planStart[c.refusal], { reason: 'NOT_PLAN_MANAGER' });
    await this.drafts.keepPlanFile(c.plan.id, name, d.yaml);
    await this.drafts.markStarted(d.id, c.plan.id, user.id);
    return { planId: c.plan.id, draftId: d.id, mode: choice.real ? 'real' : 'rehearsal', alreadyLoaded: c.stored === 'same' };
  }

  async remove(user: SignedInUser, id: string): Promise<void> {
    const d = await this.visible(user, id);
    await this.drafts.delete(d.id);
  }

  /** 422 DRAFT_INVALID with every diagnostic at its field path, and the TODOs left. */
  private async invalid(yaml: string) {
    const c = await checkDraftIsolated(yaml, 'ke-hoach.yaml');
    return refuse(422, 'DRAFT_INVALID', fill(vi.drafts.invalid, { n: c.diagnostics.filter((x) => x.severity === 'error').length }), {
      diagnostics: c.diagnostics.map(worded),
      todos: c.todos,
    });
  }

  /** The plan file of a model, within the plan file limit (422 past it). */
  private fileOf(model: PlanModel): string {
    const yaml = planFileOfModel(model);
    const bytes = Buffer.byteLength(yaml);
    if (bytes > MAX_PLAN_FILE_BYTES) {
      const message = fill(vi.drafts.modelTooLarge, { kib: Math.ceil(bytes / 1024), max: MAX_PLAN_FILE_BYTES / 1024 });
      throw refuse(422, 'VALIDATION_FAILED', message, { errors: { model: message } });
    }
    return yaml;
  }

  /** The checks of `plan validate` (in a worker with time and memory limits), located by field path, and the TODOs left. */
  private async check(yaml: string): Promise<DraftChecked> {
    return checkedOf(await checkDraftIsolated(yaml, 'ke-hoach.yaml'));
  }
}

/** A limit's diagnostic (PLAN_TOO_MANY_INSTANCES …) in the full Vietnamese sentence of vi.drafts.limits, with its values; others as the parser wrote them. */
export const worded = (d: LocatedDiagnostic): LocatedDiagnostic => {
  const text = d.code ? (vi.drafts.limits as Record<string, string>)[d.code] : undefined;
  return text ? { ...d, message: fill(text, d.vars ?? {}) } : d;
};
const checkedOf = (c: DraftCheckResult): DraftChecked => ({ valid: c.valid, todos: c.todos, diagnostics: c.diagnostics.map(worded) });

function summaryOf(d: Omit<PlanDraftRow, 'yaml' | 'model'>): DraftSummary {
  return {
    id: d.id,
    title: d.title,
    source: { kind: d.sourceKind, name: d.sourceName, planId: d.sourcePlanId },
    version: d.version,
    createdBy: { id: d.createdBy, name: d.createdByName },
    updatedBy: { id: d.updatedBy, name: d.updatedByName },
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    updatedAtVi: viInstant(d.updatedAt),
    startedPlanId: d.startedPlanId,
    startedAt: d.startedAt ? d.startedAt.toISOString() : null,
  };
}
