import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Everything the server reads from the environment, parsed once and frozen. */
const booleanFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
      .default('sqlite:./data/waardewerk.db'),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DEMO_DATA: booleanFromEnv.optional(),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: booleanFromEnv.default(false),
    SESSION_INACTIVITY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    TIME_FLOOR_PERSON_MINUTES: z.coerce.number().int().max(0).default(-600),
    TIME_FLOOR_ORGANIZATION_MINUTES: z.coerce.number().int().max(0).default(-6000),
    /** The small floor of an organisation until an admin verifies it (issue 9: no minting by registering). */
    TIME_FLOOR_UNVERIFIED_ORGANIZATION_MINUTES: z.coerce.number().int().max(0).default(-600),
    ORGANIZATIONS_PER_PERSON_PER_DAY: z.coerce.number().int().min(1).max(1000).default(3),
    REPORTS_PER_PERSON_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10),
    /** How many years a VOG or UWV vrijwilligersverklaring counts from the date on it. */
    SCREENING_VALID_YEARS: z.coerce.number().int().min(1).max(10).default(3),
    /** Comma-separated addresses made platform admins at registration or at start. */
    ADMIN_EMAILS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((e) => e.trim().toLowerCase())
          .filter((e) => e !== ''),
      )
      .pipe(z.array(z.email('ADMIN_EMAILS must be comma-separated e-mail addresses'))),
    /** Hourly rate for the dashboard's input value instead of the statutory minimum wage (a sector or market rate). */
    IMPACT_HOURLY_RATE_CENTS: z.coerce.number().int().min(1).max(100_000).optional(),
    /** Where that rate comes from, shown with it (required with the rate). */
    IMPACT_RATE_SOURCE: z.string().trim().min(3).max(300).optional(),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    METRICS_ALLOW: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      )
      .refine(
        (list) => list.every(isAddressOrCidr),
        'must be comma-separated IP addresses or CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8)',
      )
      .optional(),
    ERASURE_LOG: z.string().min(1).optional(),
    /**
     * `memory`: searches read an in-memory index kept fresh by this instance's domain events; `off`:
     * every search asks the database. Several instances on one PostgreSQL set `off` until they hear
     * each other's changes (issue 11's notifications).
     */
    SEARCH_INDEX: z.enum(['memory', 'off']).default('memory'),
    /** GET /api/ws: open sockets per person on one instance (tabs, devices). */
    REALTIME_MAX_SOCKETS_PER_PERSON: z.coerce.number().int().min(1).max(100_000).default(5),
    /** Ping every this many seconds; a peer that did not answer the previous ping is dropped. */
    REALTIME_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** How often open sockets' sessions are checked for expiry. */
    REALTIME_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** A real mail server (smtp://user:pass@host:587 or smtps://…); unset: every mail is an .eml file in MAIL_DIR. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]/, 'must start with smtp:// or smtps://')
      .optional(),
    MAIL_DIR: z.string().min(1).default('./data/mail'),
    /** The sender of every mail; default `Waardewerk <noreply@host of PUBLIC_URL>`. */
    MAIL_FROM: z.string().min(3).max(200).optional(),
  })
  .refine((e) => (e.IMPACT_HOURLY_RATE_CENTS === undefined) === (e.IMPACT_RATE_SOURCE === undefined), {
    message: 'IMPACT_HOURLY_RATE_CENTS and IMPACT_RATE_SOURCE go together',
    path: ['IMPACT_RATE_SOURCE'],
  });

/** `10.0.0.1`, `::1`, `10.0.0.0/8` or `fd00::/8`. */
function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Where erasures are logged for replay after a restore (docs/OPERATIONS.md): ERASURE_LOG, else beside
 * a SQLite database file, else data/erasures.jsonl for PostgreSQL; none for an in-memory database.
 */
function erasureLogPath(explicit: string | undefined, databaseUrl: string): string | null {
  if (explicit) return explicit;
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    return file === '' || file === ':memory:' ? null : `${file}.erasures.jsonl`;
  }
  return './data/erasures.jsonl';
}

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string;
  dialect: 'sqlite' | 'postgres';
  env: 'development' | 'production' | 'test';
  /** undefined: decide at start (on for a new, empty SQLite database). */
  demoData: boolean | undefined;
  publicUrl: string;
  publicOrigin: string;
  secureCookies: boolean;
  logLevel: string;
  trustProxy: boolean;
  session: { inactivityMs: number; maxAgeMs: number; renewAfterMs: number };
  ledger: {
    personTimeFloorMinutes: number;
    organizationTimeFloorMinutes: number;
    unverifiedOrganizationTimeFloorMinutes: number;
  };
  /** Lower-case addresses of the platform admins (ADMIN_EMAILS). */
  adminEmails: readonly string[];
  trust: { organizationsPerPersonPerDay: number; reportsPerPersonPerHour: number; screeningValidYears: number };
  rateLimits: { authPerIpPerMinute: number; loginPerAccountPer15Min: number };
  /** GET /metrics: a bearer token and/or addresses (IPs, CIDR ranges) allowed without one. Neither: closed. */
  metrics: { token: string | null; allow: readonly string[] };
  /** Append-only log of erased people's ids, replayed after a restore; null: not kept (in-memory database). */
  erasureLogPath: string | null;
  /** The dashboard's input-value rate; null: the statutory minimum wage of each day (shared/figures.ts). */
  impact: { hourlyRateCents: number | null; rateSource: string | null };
  /** SEARCH_INDEX: where searches find their candidates. */
  searchIndex: 'memory' | 'off';
  /** The websocket hub's limits (server/modules/realtime). */
  realtime: {
    maxSocketsPerPerson: number;
    heartbeatMs: number;
    sessionCheckMs: number;
    /** Frames a client may send per window before the socket is closed as a flood. */
    messagesPerWindow: number;
    windowMs: number;
    /** Bytes queued for a client before it counts as too slow and is closed. */
    maxBufferedBytes: number;
    /** Largest frame a client may send (ws closes with 1009 above it). */
    maxPayloadBytes: number;
  };
  /** E-mail: through `smtpUrl` when set, else written as .eml files to `dir`. */
  mail: { smtpUrl: string | null; dir: string; from: string };
}>;

export class ConfigError extends Error {}

const DAY_MS = 24 * 60 * 60 * 1000;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const url = new URL(e.PUBLIC_URL);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dialect: e.DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'postgres',
    env: e.NODE_ENV,
    demoData: e.DEMO_DATA,
    publicUrl: url.href.replace(/\/$/, ''),
    publicOrigin: url.origin,
    secureCookies: url.protocol === 'https:',
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    session: {
      inactivityMs: e.SESSION_INACTIVITY_DAYS * DAY_MS,
      maxAgeMs: e.SESSION_MAX_DAYS * DAY_MS,
      renewAfterMs: 60 * 60 * 1000,
    },
    ledger: {
      personTimeFloorMinutes: e.TIME_FLOOR_PERSON_MINUTES,
      organizationTimeFloorMinutes: e.TIME_FLOOR_ORGANIZATION_MINUTES,
      unverifiedOrganizationTimeFloorMinutes: e.TIME_FLOOR_UNVERIFIED_ORGANIZATION_MINUTES,
    },
    adminEmails: Object.freeze(e.ADMIN_EMAILS),
    trust: {
      organizationsPerPersonPerDay: e.ORGANIZATIONS_PER_PERSON_PER_DAY,
      reportsPerPersonPerHour: e.REPORTS_PER_PERSON_PER_HOUR,
      screeningValidYears: e.SCREENING_VALID_YEARS,
    },
    rateLimits: { authPerIpPerMinute: 30, loginPerAccountPer15Min: 10 },
    metrics: { token: e.METRICS_TOKEN ?? null, allow: Object.freeze(e.METRICS_ALLOW ?? []) },
    erasureLogPath: erasureLogPath(e.ERASURE_LOG, e.DATABASE_URL),
    impact: { hourlyRateCents: e.IMPACT_HOURLY_RATE_CENTS ?? null, rateSource: e.IMPACT_RATE_SOURCE ?? null },
    searchIndex: e.SEARCH_INDEX,
    realtime: {
      maxSocketsPerPerson: e.REALTIME_MAX_SOCKETS_PER_PERSON,
      heartbeatMs: e.REALTIME_HEARTBEAT_SECONDS * 1000,
      sessionCheckMs: e.REALTIME_SESSION_CHECK_SECONDS * 1000,
      messagesPerWindow: 20,
      windowMs: 10_000,
      maxBufferedBytes: 1024 * 1024,
      maxPayloadBytes: 64 * 1024,
    },
    mail: { smtpUrl: e.SMTP_URL ?? null, dir: e.MAIL_DIR, from: e.MAIL_FROM ?? `Waardewerk <noreply@${url.hostname}>` },
  } satisfies Config);
}

/** A config for tests and scripts: defaults, overridable. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  // Mail of tests goes to the system's temporary folder, not into the checkout (the test kit gives each app its own).
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'sqlite::memory:',
    MAIL_DIR: join(tmpdir(), 'waardewerk-test-mail'),
    ...overrides,
  });
}
