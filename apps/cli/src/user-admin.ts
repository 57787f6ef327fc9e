import { createRepositories, normaliseEmail } from '#libs/database/src/index.js';
import { delegableRoles, formatViDate, formatViDateTime, localDateOf, parseViDate, seatProblem } from '#libs/domain/src/index.js';
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
export async function userCommand(
  cmd: string | undefined,
  args: string[],
  option: (name: string) => string | undefined,
  out: (line: string) => void,
): Promise<number> {
  const known = ['list', 'add', 'disable', 'enable', 'grant', 'revoke', 'history', 'delegate', 'delegations', 'undelegate', 'admin'];
  if (!cmd || !known.includes(cmd)) throw new UserUsageError(`không có lệnh user "${cmd ?? ''}"`);
  const name = option('--name');
  const unit = option('--unit') ?? null;
  if (cmd === 'history' || cmd === 'delegations' || cmd === 'undelegate' || cmd === 'delegate')
    return delegationCommand(cmd, args, option, unit, out);
  if (cmd !== 'list' && !isEmail(args[0]))
    throw new UserUsageError(`cần một địa chỉ thư điện tử${args[0] ? `, không phải "${args[0]}"` : ''}`);
  if ((cmd === 'grant' || cmd === 'revoke') && (!args[1] || !args[2]))
    throw new UserUsageError(`user ${cmd} cần <email> <planId> <roleKey>`);
  if (cmd === 'add' && !name?.trim()) throw new UserUsageError('user add cần --name <tên hiển thị>');
  if (cmd === 'admin' && args[1] !== undefined && args[1] !== 'off')
    throw new UserUsageError(`user admin <email> [off]: "${args[1]}" không phải off`);
  const ds = await openAppDatabase((message) => new UserUsageError(message));
  try {
    const { staff, plans, adminActions } = createRepositories(ds);
    const email = normaliseEmail(args[0] ?? '');
    const user = async () => {
      const u = await staff.findByEmail(email);
      if (!u) throw new UserInputError(`không có người dùng ${email}; thêm bằng: user add ${email} --name "…"`);
      return u;
    };
    switch (cmd) {
      case 'list':
        for (const u of await staff.list()) {
          const roles = u.memberships.map((m) => `${m.planId}:${m.roleKey}${m.unitId ? `@${m.unitId}` : ''}`).join(',');
          out([u.email, u.active ? 'đang dùng' : 'đã khóa', u.displayName, roles].join('\t'));
        }
        return 0;
      case 'add': {
        const existed = await staff.findByEmail(email);
        if (existed) await staff.rename(email, name!);
        else await staff.upsertUser(ds.manager, email, name!);
        out(`${existed ? 'đã cập nhật' : 'đã thêm'} ${email}`);
        return 0;
      }
      case 'disable':
      case 'enable':
        await user();
        await staff.setActive(email, cmd === 'enable');
        out(`${email} ${cmd === 'enable' ? 'đang dùng' : 'đã khóa'}`);
        return 0;
      case 'admin': {
        // An administrator of the web app (API tokens, the list of users); logged like the web app's own acts.
        const u = await user();
        const on = args[1] !== 'off';
        const changed = await ds.transaction(async (m) => {
          const c = await staff.setAdmin(email, on, m);
          if (c)
            await adminActions.record(
              { actorKind: 'cli', action: on ? 'admin_grant' : 'admin_revoke', target: email, detail: { userId: u.id } },
              m,
            );
          return c;
        });
        out(
          `${email} ${on ? (changed ? 'đã là quản trị viên' : 'vẫn là quản trị viên') : changed ? 'không còn là quản trị viên' : 'vốn không là quản trị viên'}`,
        );
        return 0;
      }
      case 'grant':
      case 'revoke': {
        const u = await user();
        const [, planId, roleKey] = args;
        const plan = await plans.find(planId);
        if (!plan) throw new UserInputError(`chưa nạp kế hoạch ${planId}`);
        const problem = seatProblem(plan.spec, roleKey, unit);
        if (problem) throw new UserInputError(problem);
        const changed =
          cmd === 'grant'
            ? (await staff.grant(ds.manager, u.id, planId, roleKey, unit, 'admin')) > 0
            : await staff.revoke(u.id, planId, roleKey, unit);
        out(
          `${cmd === 'grant' ? (changed ? 'đã giao' : 'đã giữ từ trước') : changed ? 'đã thu hồi' : 'không giữ'} ${email} ${planId} ${roleKey}${unit ? `@${unit}` : ''}`,
        );
        return 0;
      }
    }
    return 2;
  } finally {
    await ds.destroy();
  }
}

/**
 * Who held a role when, and delegations (ủy quyền). Messages in Vietnamese.
 * - history <planId> <roleKey> [--unit]: every holding of the seat, from – to.
 * - delegate <from-email> <to-email> <planId> <roleKey> --from dd/mm/yyyy --to dd/mm/yyyy --reason "…" [--unit]
 * - delegations [planId]; undelegate <id>
 */
async function delegationCommand(
  cmd: 'history' | 'delegate' | 'delegations' | 'undelegate',
  args: string[],
  option: (name: string) => string | undefined,
  unit: string | null,
  out: (line: string) => void,
): Promise<number> {
  const from = option('--from');
  const to = option('--to');
  const reason = option('--reason');
  if (cmd === 'history' && (!args[0] || !args[1])) throw new UserUsageError('user history cần <planId> <roleKey>');
  if (cmd === 'undelegate' && !args[0]) throw new UserUsageError('user undelegate cần <mã ủy quyền>');
  if (cmd === 'delegate') {
    if (!isEmail(args[0]) || !isEmail(args[1]) || !args[2] || !args[3])
      throw new UserUsageError('user delegate cần <email người ủy quyền> <email người được ủy quyền> <planId> <roleKey>');
    if (!parseViDate(from) || !parseViDate(to))
      throw new UserUsageError('user delegate cần --from dd/mm/yyyy --to dd/mm/yyyy (ngày có thật)');
    if (!reason?.trim()) throw new UserUsageError('user delegate cần --reason "lý do ủy quyền"');
    if (reason.length > 500) throw new UserUsageError('lý do ủy quyền dài quá 500 ký tự');
  }
  const ds = await openAppDatabase((message) => new UserUsageError(message));
  try {
    const { staff, plans } = createRepositories(ds);
    switch (cmd) {
      case 'history': {
        const [planId, roleKey] = args;
        const rows = await staff.holdings(planId, roleKey, unit);
        if (!rows.length) out(`Chưa ai giữ vai trò ${roleKey}${unit ? ` (${unit})` : ''} trong kế hoạch ${planId}.`);
        for (const h of rows)
          out(
            [
              h.displayName,
              h.email,
              `từ ${formatViDateTime(new Date(h.validFrom))}`,
              h.validTo ? `đến ${formatViDateTime(new Date(h.validTo))}` : 'đến nay',
            ].join('\t'),
          );
        for (const d of (await staff.delegations({ planId })).filter((x) => x.roleKey === roleKey && x.unitId === unit)) {
          out(
            [
              d.toName,
              d.toEmail,
              `ủy quyền của ${d.fromName}`,
              `${formatViDate(d.validFrom)} – ${formatViDate(d.validTo)}`,
              d.revokedAt ? 'đã thu hồi' : '',
              d.reason,
            ].join('\t'),
          );
        }
        return 0;
      }
      case 'delegations':
        for (const d of await staff.delegations({ planId: args[0] })) {
          out(
            [
              d.id,
              d.planId,
              `${d.roleKey}${d.unitId ? `@${d.unitId}` : ''}`,
              `${d.fromName} <${d.fromEmail}> → ${d.toName} <${d.toEmail}>`,
              `${formatViDate(d.validFrom)} – ${formatViDate(d.validTo)}`,
              d.revokedAt ? 'đã thu hồi' : 'còn hiệu lực',
              d.reason,
            ].join('\t'),
          );
        }
        return 0;
      case 'undelegate':
        if (!/^[0-9a-f-]{36}$/i.test(args[0]) || !(await staff.revokeDelegation(args[0])))
          throw new UserInputError(`không có ủy quyền đang hiệu lực với mã ${args[0]}`);
        out(`đã thu hồi ủy quyền ${args[0]}`);
        return 0;
      case 'delegate': {
        const [fromEmail, toEmail, planId, roleKey] = args;
        const plan = await plans.find(planId);
        if (!plan) throw new UserInputError(`chưa nạp kế hoạch ${planId}`);
        const problem = seatProblem(plan.spec, roleKey, unit);
        if (problem) throw new UserInputError(problem);
        const leaders = delegableRoles(plan.spec);
        if (!leaders.includes(roleKey))
          throw new UserInputError(`vai trò ${roleKey} không ủy quyền được; chỉ các vai trò lãnh đạo: ${leaders.join(', ')}`);
        const giver = await staff.findByEmail(fromEmail);
        const taker = await staff.findByEmail(toEmail);
        if (!giver) throw new UserInputError(`không có người dùng ${normaliseEmail(fromEmail)}`);
        if (!taker)
          throw new UserInputError(
            `không có người dùng ${normaliseEmail(toEmail)}; thêm bằng: user add ${normaliseEmail(toEmail)} --name "…"`,
          );
        if (giver.id === taker.id) throw new UserInputError('không thể tự ủy quyền cho chính mình');
        if (!taker.active) throw new UserInputError(`người dùng ${taker.email} đang bị khóa`);
        const holds = (await staff.memberships(giver.id, planId)).some((m) => !m.delegation && m.roleKey === roleKey && m.unitId === unit);
        if (!holds) throw new UserInputError(`${giver.displayName} <${giver.email}> không giữ vai trò ${roleKey} trong kế hoạch ${planId}`);
        const validFrom = parseViDate(from)!;
        const validTo = parseViDate(to)!;
        if (validTo < validFrom)
          throw new UserInputError(`ngày kết thúc ${formatViDate(validTo)} trước ngày bắt đầu ${formatViDate(validFrom)}`);
        if (validTo < localDateOf(new Date())) throw new UserInputError(`thời hạn ủy quyền đã qua (đến ${formatViDate(validTo)})`);
        const id = await staff.addDelegation({
          planId,
          roleKey,
          unitId: unit,
          fromUserId: giver.id,
          toUserId: taker.id,
          validFrom,
          validTo,
          reason: reason!,
          createdBy: 'cli',
        });
        out(
          `đã ủy quyền ${id}: ${giver.displayName} ủy quyền vai trò ${plan.spec.roles[roleKey]?.title ?? roleKey} cho ${taker.displayName} từ ${formatViDate(validFrom)} đến ${formatViDate(validTo)}`,
        );
        return 0;
      }
    }
  } finally {
    await ds.destroy();
  }
}
