import { createRepositories, hashToken, newApiToken, type ApiTokenRow, type PlanRow } from '#libs/database/src/index.js';
import { endOfLocalDay, formatViDateTime, isIsoDate, scopesPlan } from '#libs/domain/src/index.js';
import { openAppDatabase } from './cli-database.js';

/** Wrong usage (exit 2) as opposed to an input that is well formed but refused (exit 1). */
export class TokenUsageError extends Error {
  override name = 'TokenUsageError';
}
export class TokenInputError extends Error {}

/** `--expires`: a local date (the token works through that day) or a number of days from now (`90d`). */
export function expiryOf(v: string | undefined, now: Date): Date | null {
  if (v === undefined) return null;
  if (isIsoDate(v)) return endOfLocalDay(v);
  const days = /^(\d{1,5})d$/.exec(v)?.[1];
  if (days && +days > 0) return new Date(now.getTime() + +days * 86_400_000);
  throw new TokenUsageError(`--expires phải là một ngày YYYY-MM-DD hoặc số ngày như 90d, không phải "${v}"`);
}

const stateOf = (t: ApiTokenRow, now: Date) =>
  t.revokedAt ? 'đã thu hồi' : t.expiresAt && t.expiresAt <= now ? 'hết hạn' : 'còn hiệu lực';
const when = (d: Date | null) => (d ? d.toISOString() : '-');

/** The loaded plans a token for `unitId` (and `planId`, if given) reads; a problem when there is none. */
function readablePlans(plans: PlanRow[], unitId: string, planId: string | undefined): PlanRow[] {
  const candidates = planId ? plans.filter((p) => p.id === planId) : plans;
  if (planId && !candidates.length) throw new TokenInputError(`chưa nạp kế hoạch ${planId}`);
  const read = candidates.filter((p) => scopesPlan(p.spec, unitId));
  if (read.length) return read;
  const known = candidates.some((p) => p.spec.orgUnits.some((u) => u.id === unitId));
  throw new TokenInputError(
    known
      ? `${unitId} không bao gồm xã của ${planId ? `kế hoạch ${planId}` : 'kế hoạch nào đã nạp'}: hãy chọn xã hoặc một đơn vị cấp trên (huyện, tỉnh)`
      : `${planId ? `kế hoạch ${planId} không có đơn vị ${unitId}` : `không kế hoạch nào đã nạp có đơn vị ${unitId}`}`,
  );
}

/**
 * API tokens for outside systems (the province's system, a dashboard) from the command line: read-only, for a unit
 * and everything under it, optionally one plan, with an expiry. `create` prints the token once on stdout (only its
 * SHA-256 is stored); the system sends it as `Authorization: Bearer <token>`. Runs as the app's database role.
 */
export async function tokenCommand(
  cmd: string | undefined,
  args: string[],
  option: (name: string) => string | undefined,
  out: (line: string) => void,
  err: (line: string) => void,
  now = new Date(),
): Promise<number> {
  if (!cmd || !['create', 'list', 'revoke'].includes(cmd)) throw new TokenUsageError(`không có lệnh token "${cmd ?? ''}"`);
  const name = option('--name')?.trim();
  const unitId = option('--unit');
  const planId = option('--plan');
  const expires = option('--expires');
  const expiresAt = expiryOf(expires, now);
  if (cmd === 'create' && (!name || !unitId)) throw new TokenUsageError('token create cần --name <ai dùng mã> và --unit <unitId>');
  if (cmd === 'revoke' && !args[0]) throw new TokenUsageError('token revoke cần <mã số hoặc tên>');
  if (expiresAt && expiresAt <= now) throw new TokenInputError(`--expires ${expires ?? ''} đã qua`);
  const ds = await openAppDatabase((message) => new TokenUsageError(message));
  try {
    const { apiTokens: tokens, plans: planRows, adminActions } = createRepositories(ds);
    switch (cmd) {
      case 'create': {
        const plans = readablePlans(await planRows.list(), unitId!, planId);
        const token = newApiToken();
        const row = await ds.transaction(async (m) => {
          const created = await tokens.create(
            { name: name!, tokenHash: hashToken(token), unitId: unitId!, planId: planId ?? null, expiresAt },
            m,
          );
          await adminActions.record(
            {
              actorKind: 'cli',
              action: 'token_create',
              target: created.id,
              detail: { name: created.name, unitId: created.unitId, planId: created.planId, expiresAt },
            },
            m,
          );
          return created;
        });
        out(token);
        err(
          `mã ${row.id} "${row.name}": đọc ${planId ? `kế hoạch ${planId}` : `mọi kế hoạch thuộc ${unitId}`} (hiện có ${plans.map((p) => p.id).join(', ')}), chỉ đọc, ${expiresAt ? `đến ${formatViDateTime(expiresAt)}` : 'đến khi thu hồi'}`,
        );
        err('mã chỉ hiện một lần này: gửi kèm dạng "Authorization: Bearer <mã>"');
        return 0;
      }
      case 'list':
        for (const t of await tokens.list())
          out([t.id, t.name, t.unitId, t.planId ?? '*', stateOf(t, now), when(t.expiresAt), when(t.lastUsedAt)].join('\t'));
        return 0;
      case 'revoke': {
        const found = (await tokens.named(args[0])).filter((t) => t.id === args[0] || !t.revokedAt);
        if (!found.length) throw new TokenInputError(`không có mã còn hiệu lực ${args[0]}; xem: token list`);
        if (found.length > 1)
          throw new TokenInputError(`có ${found.length} mã tên "${args[0]}"; hãy thu hồi theo mã số: ${found.map((t) => t.id).join(', ')}`);
        const revoked = await ds.transaction(async (m) => {
          const r = await tokens.revoke(found[0].id, m);
          if (r)
            await adminActions.record(
              { actorKind: 'cli', action: 'token_revoke', target: found[0].id, detail: { name: found[0].name } },
              m,
            );
          return r;
        });
        out(`${revoked ? 'đã thu hồi' : 'đã thu hồi từ trước'} ${found[0].id} ${found[0].name}`);
        return 0;
      }
    }
    return 2;
  } finally {
    await ds.destroy();
  }
}
