/**
 * Dutch statutory figures that change on 1 January or 1 July, as versioned configuration
 * (docs/DOMAIN.md): each entry holds from `validFrom` (inclusive) until the next entry. Every figure
 * carries its source so the user can be shown where it comes from. Pure data and lookups, no I/O.
 *
 * To add a year: append an entry with its `validFrom`; never edit a past entry.
 */

export interface Source {
  /** Who publishes the figure. */
  publisher: string;
  title: string;
  url: string;
}

export interface MinimumWageFigures {
  validFrom: string;
  /** Statutory minimum hourly wage for employees aged 21 and older, in euro cents. */
  hourly21PlusCents: number;
  source: Source;
  /** Set when the figure is not yet officially confirmed: it repeats the last confirmed value. */
  unconfirmed?: string;
}

export interface VolunteerAllowanceFigures {
  validFrom: string;
  /** Tax-free flat volunteer allowance per hour, volunteers aged 21 and older, in cents. */
  hourlyMax21PlusCents: number;
  /** The same for volunteers under 21. */
  hourlyMaxUnder21Cents: number;
  /** Per calendar month, all organisations together; months cannot be averaged. */
  perMonthMaxCents: number;
  /** Per calendar year, all organisations together. */
  perYearMaxCents: number;
  source: Source;
  unconfirmed?: string;
}

const rijksoverheidMinimumWage: Source = {
  publisher: 'Rijksoverheid',
  title: 'Bedragen minimumloon',
  url: 'https://www.rijksoverheid.nl/onderwerpen/minimumloon/bedragen-minimumloon/bedragen-minimumloon-2026',
};

const belastingdienstAllowance: Source = {
  publisher: 'Belastingdienst',
  title: 'Vrijwilligersvergoeding',
  url: 'https://www.belastingdienst.nl/wps/wcm/connect/nl/vrijwilligers/content/vrijwilligersvergoeding',
};

/** Sorted by `validFrom`, oldest first. */
export const minimumWageHistory: readonly MinimumWageFigures[] = [
  { validFrom: '2025-07-01', hourly21PlusCents: 1440, source: rijksoverheidMinimumWage },
  { validFrom: '2026-01-01', hourly21PlusCents: 1471, source: rijksoverheidMinimumWage },
];

/** Sorted by `validFrom`, oldest first. */
export const volunteerAllowanceHistory: readonly VolunteerAllowanceFigures[] = [
  {
    validFrom: '2024-01-01',
    hourlyMax21PlusCents: 550,
    hourlyMaxUnder21Cents: 325,
    perMonthMaxCents: 21_000,
    perYearMaxCents: 210_000,
    source: belastingdienstAllowance,
  },
  {
    validFrom: '2025-01-01',
    hourlyMax21PlusCents: 560,
    hourlyMaxUnder21Cents: 330,
    perMonthMaxCents: 21_000,
    perYearMaxCents: 210_000,
    source: belastingdienstAllowance,
  },
  {
    validFrom: '2026-01-01',
    hourlyMax21PlusCents: 560,
    hourlyMaxUnder21Cents: 330,
    perMonthMaxCents: 21_000,
    perYearMaxCents: 210_000,
    source: belastingdienstAllowance,
    unconfirmed: 'The 2026 limits are not yet confirmed by the Belastingdienst; the 2025 limits apply until they are.',
  },
];

export interface FiguresAt {
  /** The day the figures were looked up for, `YYYY-MM-DD` (UTC). */
  date: string;
  /** Undefined before the first known minimum wage entry. */
  minimumWage: MinimumWageFigures | undefined;
  /** Undefined before the first known allowance entry. */
  volunteerAllowance: VolunteerAllowanceFigures | undefined;
}

const dayOf = (date: Date | string): string => {
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${String(date)}`);
  return d.toISOString().slice(0, 10);
};

/** The entry in force on `day`: the last one whose validFrom is on or before it. */
function entryAt<T extends { validFrom: string }>(history: readonly T[], day: string): T | undefined {
  let found: T | undefined;
  for (const entry of history) {
    if (entry.validFrom <= day) found = entry;
    else break;
  }
  return found;
}

/**
 * The figures in force on a date (UTC day). Example: figuresAt('2025-12-31').minimumWage
 * is €14.40 (1440 cents); figuresAt('2026-01-01').minimumWage is €14.71.
 */
export function figuresAt(date: Date | string): FiguresAt {
  const day = dayOf(date);
  return {
    date: day,
    minimumWage: entryAt(minimumWageHistory, day),
    volunteerAllowance: entryAt(volunteerAllowanceHistory, day),
  };
}

/** "€14.71" from 1471 cents, for explanations next to a figure. */
export const formatEuro = (cents: number): string => `€${(cents / 100).toFixed(2)}`;

/** "Rijksoverheid, Bedragen minimumloon, from 2026-01-01 (https://…)" */
export const describeSource = (figures: { validFrom: string; source: Source; unconfirmed?: string }): string =>
  `${figures.source.publisher}, ${figures.source.title}, from ${figures.validFrom}${figures.unconfirmed ? ' (unconfirmed)' : ''} (${figures.source.url})`;

/**
 * The founding report's national headline figures, shown beside the live dashboard as a reference
 * (docs/DOMAIN.md "Initiative profile fields"): 700 initiatives on the MAEXchange, 29 October 2015.
 */
export const foundingReport = {
  source: {
    publisher: 'Kracht in Nederland',
    title: 'Maatschappelijke Stand van het Land',
    url: null,
    date: '2015-10-29',
  },
  initiatives: 700,
  peopleReached: 1_300_000,
  volunteers: 75_000,
  paidStaff: 1_500,
  /** "Ruim 80% van de initiatieven levert producten en diensten, voor gemiddeld 21% van hun inkomsten." */
  withOwnIncomePct: 80,
  averageOwnIncomePct: 21,
} as const;
