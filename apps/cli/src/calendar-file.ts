import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { CalendarYearData } from '#libs/domain/src/index.js';

/**
 * Reads extra calendar years (a year the shipped data lacks, or a correction) from a YAML or JSON file:
 * `years: [{ year: 2027, source: "…", days_off: [{from, to, name}], makeup_working_days: [{date, replaces}] }]`.
 */
export function readCalendarFile(path: string): CalendarYearData[] {
  const doc = parse(readFileSync(path, 'utf8')) as { years?: unknown };
  if (!doc || !Array.isArray(doc.years)) throw new Error(`${path}: expected a list "years"`);
  return doc.years.map((y: any, i: number) => {
    if (!Number.isInteger(y?.year)) throw new Error(`${path}: years[${i}].year must be a year`);
    return {
      year: y.year,
      source: String(y.source ?? path),
      daysOff: (y.days_off ?? []).map((d: any) => ({
        from: String(d.from),
        to: String(d.to ?? d.from),
        name: String(d.name ?? ''),
        src: d.src,
      })),
      makeupWorkingDays: (y.makeup_working_days ?? []).map((m: any) => ({
        date: String(m.date),
        replaces: m.replaces ? String(m.replaces) : undefined,
        src: m.src,
      })),
    };
  });
}
