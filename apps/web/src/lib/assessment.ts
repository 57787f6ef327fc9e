/**
 * The child-friendly commune assessment in the browser: what is typed in an indicator's field and what the API takes.
 * Nothing is scored here: points, totals and the verdict come from the API.
 */
export type IndicatorValue = number | boolean | null;

/** A typed value as the API takes it: empty → not known, có/không → yes/no, "98,5" → 98.5; anything else as typed, for the API to refuse by name. */
export function parseTyped(raw: string | undefined): IndicatorValue | string {
  const v = (raw ?? '').trim();
  if (!v) return null;
  if (v === 'co') return true;
  if (v === 'khong') return false;
  const n = v.replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : v;
}

/** A stored value as the field shows it: 98.5 → "98,5", yes/no → co/khong, none → "". */
export function typedValue(v: IndicatorValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'co' : 'khong';
  return String(v).replace('.', ',');
}

/** The API's per-field messages (`values.6.1` → message) by indicator id. */
export function indicatorErrors(errors: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, m] of Object.entries(errors ?? {})) if (k.startsWith('values.')) out[k.slice('values.'.length)] = m;
  return out;
}

/** The unit shown after a number. */
export const UNITS: Record<string, string> = { '%': '%', per_1000: '‰', count: '', level: 'mức', yes_no: '' };

export const CLASS_LABELS: Record<string, string> = {
  ordinary: 'xã',
  difficult: 'xã miền núi, hải đảo, đặc biệt khó khăn',
  urban_ward: 'phường thuộc thành phố trực thuộc trung ương',
};

/** The form field's name of an indicator: ids hold dots ("6.1"), which Ant Design's Form reads as a path. */
export const fieldName = (indicatorId: string) => `v_${indicatorId.replace(/\./g, '_')}`;
