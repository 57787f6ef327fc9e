import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { formToken, PlanRepository, StaffRepository, type SignedInUser } from '#libs/database/src/index.js';
import { decideAccess, outsideRoles } from '#libs/domain/src/index.js';
import { API_CSRF_PURPOSE, planDate, type RequestPrincipal } from '../auth/access.service.js';
import { authOf } from '../auth/session.js';
import { isLocalClient } from '../common/local-client.js';
import { vi } from '../i18n/vi.js';
import { MyWorkService, planLabel } from './my-work.service.js';

/** The menu of the web app, in its order; each entry is shown to those the rule in `menuOf` lets see it. */
export const MENU = [
  { key: 'my-work', path: '/app/', label: vi.web.app.menu.myWork },
  { key: 'approvals', path: '/app/phe-duyet', label: vi.web.app.menu.approvals },
  { key: 'plans', path: '/app/ke-hoach', label: vi.web.app.menu.plans },
  { key: 'monitoring', path: '/app/giam-sat', label: vi.web.app.menu.monitoring },
  { key: 'assessments', path: '/app/danh-gia', label: vi.web.app.menu.assessments },
  { key: 'import', path: '/app/nhap-ke-hoach', label: vi.web.app.menu.import },
  { key: 'admin', path: '/app/quan-tri', label: vi.web.app.menu.admin },
] as const;
export type MenuKey = (typeof MENU)[number]['key'];

/** What the web app's shell needs about who is signed in (GET /api/v1/me). */
@Injectable()
export class MeService {
  constructor(
    @Inject(MyWorkService) private readonly work: MyWorkService,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  async me(req: Request, principal: RequestPrincipal | undefined) {
    const auth = authOf(req);
    // The development switches, as today: configured and asked from this machine (the mailbox); the API docs are
    // listed in the menu only then too (they stay served at /api/docs).
    const dev = { mailbox: !!auth.mailbox, apiDocs: !!auth.mailbox || (auth.actorHeader && isLocalClient(req)) };
    if (principal?.kind !== 'user' || !auth.sessionToken) {
      return {
        user: null,
        principal: principal?.kind ?? null,
        commune: null,
        roles: [],
        menu: [],
        counters: { myWork: 0, approvals: 0 },
        csrfToken: null,
        dev,
      };
    }
    const user: SignedInUser = principal.user;
    const held = await this.staff.memberships(user.id);
    const plans = new Map((await this.plans.list()).map((p) => [p.id, p]));
    const roles = held
      .filter((m) => plans.has(m.planId))
      .map((m) => {
        const plan = plans.get(m.planId)!;
        const spec = plan.spec.roles[m.roleKey];
        return {
          planId: plan.id,
          planNumber: planLabel(plan),
          planTitle: plan.title,
          role: m.roleKey,
          title: spec?.title ?? m.roleKey,
          unitId: m.unitId,
          unitName: m.unitId ? (plan.spec.orgUnits.find((u) => u.id === m.unitId)?.name ?? m.unitId) : null,
          monitor: outsideRoles(plan.spec).has(m.roleKey),
        };
      });
    const planIds = [...new Set(roles.map((r) => r.planId))];
    const may = (action: 'start_run' | 'admin') =>
      planIds.some((id) => {
        const plan = plans.get(id)!;
        const memberships = held.filter((m) => m.planId === id).map((m) => ({ roleKey: m.roleKey, unitId: m.unitId }));
        return decideAccess({ kind: 'user', userId: user.id, memberships }, action, { plan: plan.spec, date: planDate(plan) }).allow;
      });
    const commune = roles.find((r) => !r.monitor) ? plans.get(roles.find((r) => !r.monitor)!.planId)!.issuerName : null;
    const show: Record<MenuKey, boolean> = {
      'my-work': roles.length > 0,
      approvals: roles.length > 0,
      plans: roles.length > 0,
      monitoring: roles.some((r) => r.monitor) || may('start_run'),
      assessments: roles.length > 0,
      import: may('start_run'),
      // Administrators are people made so with the CLI (`user admin <email>`), whatever their roles in plans.
      admin: await this.staff.isAdmin(user.id),
    };
    const [myWork, approvals] = await Promise.all([this.work.forApp(user, 'assignee'), this.work.forApp(user, 'approver')]);
    return {
      user: { id: user.id, name: user.displayName, email: user.email },
      principal: 'user' as const,
      commune,
      roles,
      menu: MENU.filter((m) => show[m.key]).map((m) => ({ ...m })),
      counters: { myWork: myWork.filter((w) => w.state !== 'submitted').length, approvals: approvals.length },
      csrfToken: formToken(auth.sessionToken, API_CSRF_PURPOSE),
      dev,
    };
  }
}
