// The shipped civil-servant calendars and the statutory rule for years without data. Static JSON imports only,
// so this bundles into Temporal workflow code. One file per year, vn-YYYY.json: every announced day-off period
// (weekends inside and around it included, as announcements word it) and every make-up working day, each with `src`
// naming the document or site; a value not confirmed by an official source starts its `src` with 'unverified:'.
import type { CalendarYearData, StatutoryRule } from '../calendar-data.js';
import statutory from './statutory-holidays.json' with { type: 'json' };
import vn2023 from './vn-2023.json' with { type: 'json' };
import vn2024 from './vn-2024.json' with { type: 'json' };
import vn2025 from './vn-2025.json' with { type: 'json' };
import vn2026 from './vn-2026.json' with { type: 'json' };

export const VIETNAM_CALENDAR_YEARS: readonly CalendarYearData[] = [vn2023, vn2024, vn2025, vn2026];

export const VIETNAM_STATUTORY_RULE: StatutoryRule = statutory;
