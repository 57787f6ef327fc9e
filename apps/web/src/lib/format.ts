import dayjs from 'dayjs';
import 'dayjs/locale/vi';

dayjs.locale('vi');

/** 2023-04-07 → 07/04/2023 (dates are local dates of Vietnam; no time zone shift). */
export const viDate = (iso: string | null | undefined): string => (iso ? dayjs(iso.slice(0, 10)).format('DD/MM/YYYY') : '');

/** An instant as dd/mm/yyyy hh:mm in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export const viDateTime = (iso: string): string =>
  dayjs(new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 19)).format('DD/MM/YYYY HH:mm');

export type Bucket = 'open_on_time' | 'open_overdue' | 'completed_on_time' | 'completed_late' | 'awaiting' | 'returned' | 'cancelled';

/** The four official buckets in their colours, and the two states a person also sees (waiting for approval, returned). */
export const BUCKETS: Record<Bucket, { label: string; color: string }> = {
  open_on_time: { label: 'Chưa hoàn thành trong hạn', color: 'blue' },
  open_overdue: { label: 'Quá hạn chưa hoàn thành', color: 'red' },
  completed_on_time: { label: 'Hoàn thành đúng hạn', color: 'green' },
  completed_late: { label: 'Hoàn thành quá hạn', color: 'gold' },
  awaiting: { label: 'Chờ duyệt', color: 'purple' },
  returned: { label: 'Bị trả lại', color: 'volcano' },
  cancelled: { label: 'Đã hủy', color: 'default' },
};

/** "còn 11 ngày làm việc", "hạn là hôm nay", "quá hạn 2 ngày làm việc"; nothing while it waits for approval. */
export function daysLeftText(days: number | null | undefined): string {
  if (days === null || days === undefined) return '';
  if (days > 0) return `còn ${days} ngày làm việc`;
  if (days === 0) return 'hạn là hôm nay';
  return `quá hạn ${-days} ngày làm việc`;
}

/** The kinds of a step's history in Vietnamese. */
export const EVENT_KINDS: Record<string, string> = {
  assigned: 'Giao việc',
  submitted: 'Báo cáo kết quả',
  approved: 'Phê duyệt',
  returned: 'Trả lại',
  overdue: 'Quá hạn',
  reminder: 'Nhắc việc',
  escalation: 'Báo cáo cấp trên',
  reassigned: 'Giao lại',
  cancelled: 'Hủy',
  extension_requested: 'Xin gia hạn',
  'extension-requested': 'Xin gia hạn',
  extension_decided: 'Quyết định gia hạn',
  'extension-decided': 'Quyết định gia hạn',
  'approval-escalation': 'Nhắc phê duyệt',
  approval_escalation: 'Nhắc phê duyệt',
};

/**
 * The bucket colours as solid colours for charts, bars and figures (the tags' colours, dark enough for a contrast of
 * 4.5:1 on white where they colour text).
 */
export const BUCKET_HEX: Record<Bucket, string> = {
  open_on_time: '#0958d9',
  open_overdue: '#cf1322',
  completed_on_time: '#237804',
  completed_late: '#874d00',
  awaiting: '#531dab',
  returned: '#ad2102',
  cancelled: '#8c8c8c',
};

/** The four official buckets in the order the pages show them. */
export const OFFICIAL_BUCKETS = ['completed_on_time', 'completed_late', 'open_on_time', 'open_overdue'] as const;

/** A percentage for people: "87,5%", "—" when there is none yet. */
export const viPercent = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : `${n.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
