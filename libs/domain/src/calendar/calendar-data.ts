// The shapes of calendar data: one CalendarYearData per year, as shipped in data/ or loaded by the caller.

/** A period off work, both ends included, as announced (weekends inside or next to it included). */
export interface DayOffRange {
  from: string;
  to: string;
  name: string;
  /** Where the entry comes from (document number, site); 'unverified:' or 'computed:' when not from an official text. */
  src?: string;
}

/** A Saturday or Sunday worked to make up for a working day swapped into a holiday period (hoán đổi, làm bù). */
export interface MakeupWorkingDay {
  date: string;
  /** The working day given off in exchange. */
  replaces?: string;
  name?: string;
  src?: string;
  /** Not confirmed from an official text (its `src` says where it was read): counted, but shown as provisional. */
  provisional?: boolean;
}

/** The civil-servant calendar of one year: every day-off period and make-up working day the Government announced. */
export interface CalendarYearData {
  year: number;
  daysOff: DayOffRange[];
  makeupWorkingDays: MakeupWorkingDay[];
  source: string;
}

/** One holiday of Labour Code Art. 112, used for years without data. Dates are 'MM-DD', solar or lunar. */
export interface StatutoryHoliday {
  key: string;
  name: string;
  solar?: string;
  lunar?: string;
  /** The holiday starts this many days before the anchor date (Tết: the last day of the old year). */
  daysBefore?: number;
  /** Number of consecutive days off, 1 unless given. */
  days?: number;
}

export interface StatutoryRule {
  source: string;
  holidays: StatutoryHoliday[];
}
