import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { mailsTo, tokenFrom } from '../helpers/mail.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = join(root, 'tests/e2e/screenshots');

/** The e2e tests run against the built web app; it is built when its sources changed (as `npm start` does). */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'web/vite/build-if-changed.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
}

export interface RunningServer {
  url: string;
  /** Where the server writes its mail (.eml files: the server has no SMTP_URL). */
  mailDir: string;
  stop(): Promise<void>;
}

/**
 * The real server (`server/main.ts` through tsx) as a child process, on a free port with a fresh
 * SQLite file, ready when /api/health answers. `env`: extra settings for the server, e.g.
 * `ADMIN_EMAILS` for a test's platform admin.
 */
export async function startServer(
  options: { demoData?: boolean; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  ensureWebBuilt();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'waardewerk-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'waardewerk.db')}`,
      DEMO_DATA: options.demoData ? '1' : '0',
      PUBLIC_URL: url,
      MAIL_DIR: join(dir, 'mail'),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server stopped while starting (exit ${child.exitCode}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, mailDir: join(dir, 'mail'), stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`The server did not answer /api/health within 60 s:\n${output}`);
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /** Fails the test when anything went wrong in the page. */
  expectNoProblems(): void;
  close(): Promise<void>;
}

/**
 * Asking /api/me is how the app learns whether someone is signed in: for a visitor the answer is
 * 401, which Chromium logs as a failed resource. That one is expected (and a websocket refused 401,
 * below); every other error is not.
 */
function isExpected(message: ConsoleMessage): boolean {
  // The tests sign in and out behind the app's back (fetch from the page): a websocket the app opens
  // at that moment is refused 401, and the app then learns the person is signed out.
  if (/WebSocket connection to '[^']*\/api\/ws' failed: HTTP Authentication failed/.test(message.text())) return true;
  return (
    message.text().includes('status of 401') && new URL(message.location().url || 'http://x/').pathname === '/api/me'
  );
}

/** Debian's Chromium through playwright-core, a phone-sized window, watching for errors. */
export async function openBrowser(options: { width?: number; height?: number } = {}): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'waardewerk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: options.width ?? 360, height: options.height ?? 800 },
    locale: 'nl-NL',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const problems: string[] = [];
  // CSP violations also reach the console, but the event names the blocked directive exactly.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error' && !isExpected(message))
      problems.push(`console: ${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    context,
    page,
    problems,
    expectNoProblems: () => expect(problems).toEqual([]),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The WCAG 2.2 A and AA success criteria (axe tags them by version; `wcag22aa` holds target-size,
 * which axe leaves off unless asked), plus axe's best practices, which every page already met.
 */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe on the page as it is and fails on any violation, listing rule, impact and elements. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(', ')}`,
  );
  expect(found, `axe on ${label}`).toEqual([]);
}

/** Saves a full-page screenshot as tests/e2e/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the single-page app finished loading what the page shows. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.loading').count(), { timeout: 10_000 }).toBe(0);
}

/**
 * The link of the newest mail to `email` that links to `path` (`/verify-email`, `/reset-password`,
 * `/unsubscribe`), as the server wrote it to its MAIL_DIR; waits until it is there.
 */
export async function mailedLink(server: RunningServer, email: string, path: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const mail = (await mailsTo(server.mailDir, email, path)).at(-1);
        link = mail ? `${path}?token=${tokenFrom(mail, path)}` : undefined;
        return link !== undefined;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return `${server.url}${link}`;
}

/** The errands need of Buurtkracht (1012AB) that the engagement and the whole-flow journeys post: hands, for time credits. */
export const errandsNeed = (organizationId: string, extra: { peopleNeeded: number; skills?: string[] }) => ({
  organizationId,
  kind: 'hands',
  title: 'Boodschappen rondbrengen voor buren',
  description: 'Twee uur per week boodschappen doen voor buren die slecht ter been zijn.',
  domains: ['social_inclusion'],
  postcode: '1012AB',
  hoursEstimate: 3,
  compensation: { type: 'time_credits' },
  ...extra,
});

/**
 * The volunteer's wallet after Buurtkracht confirmed 2 hours of "Boodschappen rondbrengen voor buren"
 * (the journey the engagement and the whole-flow tests both walk): 2 hours of time credit, +2 hours of
 * work in the same sign convention, and one history entry whose lines open beneath it. Returns that entry.
 */
export async function expectVolunteerWalletAfterErrands(page: Page, url: string): Promise<Locator> {
  await page.goto(`${url}/wallet`);
  await expect.poll(() => page.locator('.balance--time .balance__amount').textContent()).toBe('2 uur');
  const work = page.locator('.balance').filter({ has: page.getByRole('heading', { name: 'Werk van waarde' }) });
  expect(await work.locator('.balance__amount').textContent()).toBe('+2 uur');
  const history = page.locator('.history__item');
  await expect.poll(() => history.count()).toBe(1);
  expect(await history.locator('.history__amount').textContent()).toBe('+2 uur');
  await history.getByText('Alles wat deze stap vastlegde').click();
  expect(await history.locator('.history__line').allTextContents()).toEqual([
    expect.stringMatching(/^Gewerkt voor Buurtkracht: Boodschappen rondbrengen voor buren\s*\+2 uur$/),
    expect.stringMatching(/^Tijdcredit: Boodschappen rondbrengen voor buren\s*\+2 uur$/),
  ]);
  return history;
}

/** The password every person in the browser tests signs up with. */
export const PASSWORD = 'een lange zin als wachtwoord';

/** An address of this run per name (`noor` → `noor.<time>@example.nl`): each run registers new people. */
export function emailsOf<Name extends string>(...names: Name[]): Record<Name, string> {
  const stamp = Date.now();
  return Object.fromEntries(names.map((name) => [name, `${name}.${stamp}@example.nl`])) as Record<Name, string>;
}

export interface BrowserSuite {
  readonly server: RunningServer;
  readonly browser: BrowserSession;
  /** Chromium's page, from the first test on. */
  readonly page: Page;
  /**
   * Every page view: settled, a full-page screenshot (plus `part` on its own as `<name>-part.png`,
   * to judge it at full size), no axe violation, no console error.
   */
  check(name: string, part?: Locator): Promise<void>;
  /** A JSON call from inside the page (same origin, so the Origin check passes), failing loudly. */
  call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** POSTs `body` to a collection (`/organizations`, `/needs`, `/offers` …) and answers the new object's id. */
  create(path: string, body: Record<string, unknown>): Promise<string>;
  /**
   * Signs out whoever is signed in, registers a new person, confirms their address with the link the
   * server mailed (and fills in their profile), and stays signed in.
   */
  register(email: string, displayName: string, profile?: Record<string, unknown>): Promise<void>;
  /** Signs out whoever is signed in and signs in as `email`. */
  signInAs(email: string): Promise<void>;
  /** The document's language and direction. */
  html(): Promise<{ lang: string; dir: string }>;
  /** The text of the page's one h1. */
  h1(): Promise<string | null>;
}

/**
 * The set-up of a browser test, called inside its `describe`: the real server (`startServer`) and
 * Chromium (`openBrowser`, 360×800 unless said) before the first test, both closed after the last,
 * and the helpers every view needs.
 */
export function browserSuite(
  options: { demoData?: boolean; width?: number; height?: number; env?: Record<string, string> } = {},
): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: BrowserSession | undefined;
  beforeAll(async () => {
    server = await startServer({ demoData: options.demoData ?? false, ...(options.env ? { env: options.env } : {}) });
    browser = await openBrowser({ width: options.width ?? 360, height: options.height ?? 800 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started: use it inside a test');
    return value;
  };
  // The page exists only once the first test starts; the suite hands out a stand-in from the
  // start (so a test file can name it once, at the top) that forwards to Chromium's page.
  const page = new Proxy({} as Page, {
    get(_target, key) {
      const real = started(browser).page;
      const value: unknown = Reflect.get(real, key, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
  /**
   * Switching people happens outside the app: a page of the app still open for the previous person
   * would go on asking (its to-do list, the bell, the websocket) and hear 401 once they are signed out.
   */
  const leaveTheApp = async () => {
    await suite.page.goto(`${suite.server.url}/api/health`);
  };
  const suite: BrowserSuite = {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    page,
    async check(name, part) {
      await settled(suite.page);
      await screenshot(suite.page, name);
      if (part) await part.screenshot({ path: join(screenshotDir, `${name}-part.png`) });
      await expectAccessible(suite.page, name);
      suite.browser.expectNoProblems();
    },
    async call(method, path, body) {
      const result = await suite.page.evaluate(
        async ({ method, path, body }) => {
          const res = await fetch(`/api${path}`, {
            method,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body: body === undefined ? null : JSON.stringify(body),
          });
          return { status: res.status, json: res.status === 204 ? {} : await res.json() };
        },
        { method, path, body },
      );
      expect(result.status, `${method} ${path}: ${JSON.stringify(result.json)}`).toBeLessThan(300);
      return result.json as Record<string, unknown>;
    },
    async create(path, body) {
      // The answer holds one object under its kind's name: { need: { id, … } }.
      const [created] = Object.values(await suite.call('POST', path, body));
      const id = (created as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') throw new Error(`POST ${path} answered no id`);
      return id;
    },
    async register(email, displayName, profile) {
      await leaveTheApp();
      await suite.call('POST', '/auth/logout');
      await suite.call('POST', '/auth/register', { email, password: PASSWORD, displayName });
      // Everyone here opened their verification mail (founding an organisation needs a confirmed address).
      const link = new URL(await mailedLink(suite.server, email, '/verify-email'));
      await suite.call('POST', '/auth/verify-email/confirm', { token: link.searchParams.get('token') });
      if (profile) await suite.call('PATCH', '/me', profile);
    },
    async signInAs(email) {
      await leaveTheApp();
      await suite.call('POST', '/auth/logout');
      await suite.call('POST', '/auth/login', { email, password: PASSWORD });
    },
    html: () => suite.page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir })),
    h1: () => suite.page.getByRole('heading', { level: 1 }).textContent(),
  };
  return suite;
}
