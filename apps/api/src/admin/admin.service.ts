import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import {
  AdminActionRepository,
  ApiTokenRepository,
  hashToken,
  newApiToken,
  PlanRepository,
  StaffRepository,
  type ApiTokenRow,
  type PlanRow,
} from '#libs/database/src/index.js';
import { DomainError, endOfLocalDay, formatViDate, isIsoDate, localDateOf, scopesPlan } from '#libs/domain/src/index.js';
import { principalOf } from '../auth/access.service.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';
import { fill, vi } from '../i18n/vi.js';
import type { CreateTokenDto } from './create-token.dto.js';

/** At most this many users are listed; `total` says how many there are. */
export const MAX_USERS_LISTED = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const stateOf = (t: ApiTokenRow, now: Date) => (t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active');
const a = () => vi.api.admin;

/**
 * Administration in the web app, for the administrators the CLI names (`user admin <email>`; AccessGuard decided):
 * API tokens (list, create — the token shown once —, revoke) and the people with their roles and delegations. Every
 * change is written to `admin_action` with who made it, in the same transaction.
 */
@Injectable()
export class AdminService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ApiTokenRepository) private readonly tokens: ApiTokenRepository,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    @Inject(AdminActionRepository) private readonly actions: AdminActionRepository,
  ) {}

  /** Who acts: the signed-in administrator (the guard let nobody else through). */
  private adminId(req: Request): string {
    const p = principalOf(req);
    if (p?.kind !== 'user') throw new DomainError('ACCESS_DENIED', 'Administration needs a signed-in administrator');
    return p.user.id;
  }

  /** A token as the list shows it: its unit and plan by name, its state in Vietnamese. */
  private view(t: ApiTokenRow, plans: PlanRow[], now: Date) {
    const unit = plans.flatMap((p) => p.spec.orgUnits).find((u) => u.id === t.unitId);
    const plan = t.planId ? plans.find((p) => p.id === t.planId) : undefined;
    const state = stateOf(t, now);
    return {
      id: t.id,
      name: t.name,
      unit: { id: t.unitId, name: unit?.name ?? t.unitId },
      plan: t.planId ? { id: t.planId, number: plan?.number ?? '', title: plan?.title ?? t.planId } : null,
      state,
      stateLabel: a().states[state],
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
      revokedAt: t.revokedAt,
      lastUsedAt: t.lastUsedAt,
    };
  }

  async listTokens(now = new Date()) {
    const plans = await this.plans.list();
    return (await this.tokens.list()).map((t) => this.view(t, plans, now));
  }

  /** Makes a token for a unit (and a plan) that reads at least one loaded plan; the raw token is in this answer only. */
  async createToken(req: Request, dto: CreateTokenDto, now = new Date()) {
    const userId = this.adminId(req);
    const plans = await this.plans.list();
    const expiresAt = this.expiry(dto.expires, now);
    const reads = this.readablePlans(plans, dto.unitId, dto.planId);
    const raw = newApiToken();
    const row = await this.ds.transaction(async (m) => {
      const created = await this.tokens.create(
        { name: dto.name.trim(), tokenHash: hashToken(raw), unitId: dto.unitId, planId: dto.planId ?? null, expiresAt },
        m,
      );
      await this.actions.record(
        {
          actorKind: 'user',
          userId,
          action: 'token_create',
          target: created.id,
          detail: { name: created.name, unitId: created.unitId, planId: created.planId, expiresAt },
        },
        m,
      );
      return created;
    });
    return { ...this.view(row, plans, now), token: raw, reads: reads.map((p) => ({ id: p.id, number: p.number, title: p.title })) };
  }

  async revokeToken(req: Request, id: string, now = new Date()) {
    const userId = this.adminId(req);
    if (!UUID.test(id)) throw invalidFields({ id: fieldMessage('id', a().tokenId) }, `id ${id} is not a token id`);
    const found = (await this.tokens.named(id)).find((t) => t.id === id.toLowerCase());
    if (!found) throw new DomainError('TOKEN_NOT_FOUND', `No API token ${id}`);
    const revokedNow = await this.ds.transaction(async (m) => {
      const revoked = await this.tokens.revoke(found.id, m);
      if (revoked)
        await this.actions.record({ actorKind: 'user', userId, action: 'token_revoke', target: found.id, detail: { name: found.name } }, m);
      return revoked;
    });
    const after = (await this.tokens.named(found.id)).find((t) => t.id === found.id)!;
    return { ...this.view(after, await this.plans.list(), now), revokedNow };
  }

  /** `expires`: a local date (through that day) or a number of days from now; a date past is refused. */
  private expiry(expires: string | undefined, now: Date): Date | null {
    if (expires === undefined) return null;
    const days = /^(\d{1,5})d$/.exec(expires)?.[1];
    if (days) return new Date(now.getTime() + Number(days) * 86_400_000);
    if (!isIsoDate(expires))
      throw invalidFields({ expires: fieldMessage('expires', a().notADate) }, `expires ${expires} is not a real date`);
    if (expires < localDateOf(now)) throw invalidFields({ expires: fieldMessage('expires', a().past) }, `expires ${expires} is past`);
    return endOfLocalDay(expires);
  }

  /** The loaded plans a token for the unit (and plan) reads; none is a refused field, said in Vietnamese. */
  private readablePlans(plans: PlanRow[], unitId: string, planId: string | undefined): PlanRow[] {
    const candidates = planId !== undefined ? plans.filter((p) => p.id === planId) : plans;
    if (planId !== undefined && !candidates.length)
      throw invalidFields({ planId: fieldMessage('planId', fill(a().planUnknown, { plan: planId })) }, `no plan ${planId} is loaded`);
    const read = candidates.filter((p) => scopesPlan(p.spec, unitId));
    if (read.length) return read;
    const where = planId !== undefined ? fill(a().onePlan, { plan: planId }) : a().anyPlan;
    const known = candidates.some((p) => p.spec.orgUnits.some((u) => u.id === unitId));
    throw invalidFields(
      { unitId: fieldMessage('unitId', fill(known ? a().unitNotAbove : a().unitUnknown, { unit: unitId, where })) },
      `unit ${unitId} reads no loaded plan`,
    );
  }

  /** The people: e-mail, name, active, administrator, their roles (by title, village, plan) and delegations given or received. */
  async users() {
    const [users, plans, delegations] = await Promise.all([this.staff.list(), this.plans.list(), this.staff.delegations()]);
    const byId = new Map(plans.map((p) => [p.id, p]));
    const unit = (planId: string, unitId: string | null) =>
      unitId ? { id: unitId, name: byId.get(planId)?.spec.orgUnits.find((u) => u.id === unitId)?.name ?? unitId } : null;
    const title = (planId: string, roleKey: string) => byId.get(planId)?.spec.roles[roleKey]?.title ?? roleKey;
    const planRef = (planId: string) => ({ id: planId, number: byId.get(planId)?.number ?? '', title: byId.get(planId)?.title ?? planId });
    return {
      total: users.length,
      users: users.slice(0, MAX_USERS_LISTED).map((u) => ({
        id: u.id,
        email: u.email,
        name: u.displayName,
        active: u.active,
        admin: u.admin,
        roles: u.memberships.map((m) => ({
          plan: planRef(m.planId),
          roleKey: m.roleKey,
          title: title(m.planId, m.roleKey),
          village: unit(m.planId, m.unitId),
          source: m.source,
        })),
        delegations: delegations
          .filter((d) => d.fromUserId === u.id || d.toUserId === u.id)
          .map((d) => ({
            id: d.id,
            plan: planRef(d.planId),
            roleKey: d.roleKey,
            title: title(d.planId, d.roleKey),
            village: unit(d.planId, d.unitId),
            direction: d.fromUserId === u.id ? ('given' as const) : ('received' as const),
            from: { name: d.fromName, email: d.fromEmail },
            to: { name: d.toName, email: d.toEmail },
            validFrom: d.validFrom,
            validTo: d.validTo,
            validFromVi: formatViDate(d.validFrom),
            validToVi: formatViDate(d.validTo),
            reason: d.reason,
            revoked: d.revokedAt !== null,
          })),
      })),
    };
  }
}
