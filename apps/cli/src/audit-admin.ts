import { processEnv } from '#libs/config/src/index.js';
import { auditKeyFrom, CHAIN_BREAK_VI, createRepositories } from '#libs/database/src/index.js';
import { openAppDatabase } from './cli-database.js';

export class AuditUsageError extends Error {
  override name = 'AuditUsageError';
}

/**
 * `audit verify <planId>`: walks the audit chain of every step of the plan with the key of APP_SECRET (the one the
 * worker chained with) and reports the first broken link: the step, the event's sequence number and what differs.
 * Exit 0 intact, 1 broken (or no such plan). Messages in Vietnamese.
 */
export async function auditCommand(
  cmd: string | undefined,
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  if (cmd !== 'verify') throw new AuditUsageError(`không có lệnh audit "${cmd ?? ''}"`);
  const planId = args[0];
  if (!planId) throw new AuditUsageError('audit verify cần <planId>');
  const secret = processEnv().APP_SECRET;
  if (!secret) err('Cảnh báo: chưa đặt APP_SECRET; kiểm tra bằng khóa phát triển (chỉ đúng với dữ liệu ghi khi không có APP_SECRET).');
  const ds = await openAppDatabase((message) => new AuditUsageError(message));
  try {
    const { plans, steps } = createRepositories(ds, auditKeyFrom(secret));
    if (!(await plans.find(planId))) {
      err(`Không có kế hoạch ${planId}.`);
      return 1;
    }
    const v = await steps.verifyPlanAudit(planId);
    const old = v.v1Events ? `; ${v.v1Events} sự kiện cũ chỉ có SHA-256 không khóa (v1)` : '';
    if (v.valid) {
      out(`Nhật ký kiểm toán của kế hoạch ${planId} toàn vẹn: ${v.steps} nội dung, ${v.events} sự kiện${old}.`);
      return 0;
    }
    const b = v.firstBroken!;
    out(`Nhật ký kiểm toán của kế hoạch ${planId} BỊ PHÁ VỠ.`);
    out(`Liên kết hỏng đầu tiên: nội dung ${b.stepId}, sự kiện số ${b.brokenAtSeq}: ${CHAIN_BREAK_VI[b.code]} [${b.code}].`);
    out(`Đã kiểm tra ${v.events} sự kiện trước khi dừng${old}.`);
    return 1;
  } finally {
    await ds.destroy();
  }
}
