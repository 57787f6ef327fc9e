/** Vietnam has used UTC+7 without daylight saving since 1975; plan dates are local dates in Asia/Ho_Chi_Minh. */
export const VN_OFFSET_MS = 7 * 3600 * 1000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The instant a local date starts (00:00 in Vietnam). */
export const startOfLocalDay = (isoDate: string): Date => new Date(Date.parse(`${isoDate}T00:00:00Z`) - VN_OFFSET_MS);

/** Civil Code art. 147-148: a period ends at 24:00 of its last day, i.e. the start of the next local day. */
export const endOfLocalDay = (isoDate: string): Date => new Date(startOfLocalDay(isoDate).getTime() + 24 * 3600 * 1000);

/** The local date (Asia/Ho_Chi_Minh) of an instant, as YYYY-MM-DD. */
export const localDateOf = (instant: Date): string => new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

/** dd/mm/yyyy, the way Vietnamese documents write dates. */
export function formatViDate(isoDateOrInstant: string | Date): string {
  const iso =
    typeof isoDateOrInstant === 'string' && isIsoDate(isoDateOrInstant) ? isoDateOrInstant : localDateOf(new Date(isoDateOrInstant));
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function formatViDateTime(instant: Date): string {
  const local = new Date(instant.getTime() + VN_OFFSET_MS).toISOString();
  return `${formatViDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
