import { normaliseEmail, PlanRepository, StaffRepository } from '../../../libs/database/src/index.js';
import { seatProblem } from '../../../libs/domain/src/index.js';
import { openAppDatabase } from './cli-database.js';

/** Wrong usage (exit 2) as opposed to an input that is well formed but refused (exit 1). */
export class UserUsageError extends Error {
  override name = 'UserUsageError';
}
export class UserInputError extends Error {}

const isEmail = (v: string | undefined): v is string => !!v && /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(v);

/**
 * Staff administration from the command line: users sign in by e-mail and act in the roles they hold per plan.
 * The roles of a plan file are given to their holders when the plan is loaded; these commands add, disable and
 * re-enable users and give or take back roles. Runs as the app's database role.
 */
export async function userCommand(cmd: string | undefined, args: string[], option: (name: string) => string | undefined, out: (line: string) => void): Promise<number> {
  const known = ['list', 'add', 'disable', 'enable', 'grant', 'revoke'];
  if (!cmd || !known.includes(cmd)) throw new UserUsageError(`unknown user command "${cmd ?? ''}"`);
  const name = option('--name');
  const unit = option('--unit') ?? null;
  if (cmd !== 'list' && !isEmail(args[0])) throw new UserUsageError(`an e-mail address is required${args[0] ? `, got "${args[0]}"` : ''}`);
  if ((cmd === 'grant' || cmd === 'revoke') && (!args[1] || !args[2])) throw new UserUsageError(`user ${cmd} needs <email> <planId> <roleKey>`);
  if (cmd === 'add' && !name?.trim()) throw new UserUsageError('user add needs --name <display name>');
  const ds = await openAppDatabase((message) => new UserUsageError(message));
  try {
    const staff = new StaffRepository(ds);
    const email = normaliseEmail(args[0] ?? '');
    const user = async () => {
      const u = await staff.findByEmail(email);
      if (!u) throw new UserInputError(`no user ${email}; add one with: user add ${email} --name "…"`);
      return u;
    };
    switch (cmd) {
      case 'list':
        for (const u of await staff.list()) {
          const roles = u.memberships.map((m) => `${m.planId}:${m.roleKey}${m.unitId ? `@${m.unitId}` : ''}`).join(',');
          out([u.email, u.active ? 'active' : 'disabled', u.displayName, roles].join('\t'));
        }
        return 0;
      case 'add': {
        const existed = await staff.findByEmail(email);
        if (existed) await staff.rename(email, name!);
        else await staff.upsertUser(ds.manager, email, name!);
        out(`${existed ? 'updated' : 'added'} ${email}`);
        return 0;
      }
      case 'disable':
      case 'enable':
        await user();
        await staff.setActive(email, cmd === 'enable');
        out(`${email} ${cmd === 'enable' ? 'active' : 'disabled'}`);
        return 0;
      case 'grant':
      case 'revoke': {
        const u = await user();
        const [, planId, roleKey] = args;
        const plan = await new PlanRepository(ds).find(planId);
        if (!plan) throw new UserInputError(`no plan ${planId} is loaded`);
        const problem = seatProblem(plan.spec, roleKey, unit);
        if (problem) throw new UserInputError(problem);
        const changed = cmd === 'grant' ? (await staff.grant(ds.manager, u.id, planId, roleKey, unit, 'admin')) > 0 : await staff.revoke(u.id, planId, roleKey, unit);
        out(`${cmd === 'grant' ? (changed ? 'granted' : 'already held') : changed ? 'revoked' : 'not held'} ${email} ${planId} ${roleKey}${unit ? `@${unit}` : ''}`);
        return 0;
      }
    }
    return 2;
  } finally {
    await ds.destroy();
  }
}
