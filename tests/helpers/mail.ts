import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as a test reads it: the parsed message and its raw RFC 5322 text. */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  raw: string;
}

async function parse(raw: string): Promise<ReceivedMail> {
  const parsed = await simpleParser(raw);
  const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
  return {
    to,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers: parsed.headers,
    raw,
  };
}

/** Every .eml file in `dir`, oldest first (their names start with the time). */
export async function mailsIn(dir: string): Promise<ReceivedMail[]> {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
  return Promise.all(names.map((n) => parse(readFileSync(join(dir, n), 'utf8'))));
}

/** The mails in `dir` to `address`; with `linkPath`, only those with a link to that page (`/reset-password`). */
export async function mailsTo(dir: string, address: string, linkPath?: string): Promise<ReceivedMail[]> {
  return (await mailsIn(dir)).filter(
    (m) => m.to.includes(address) && (linkPath === undefined || m.text.includes(`${linkPath}?token=`)),
  );
}

/** The `token` query parameter of the first link to `path` in the mail's text. */
export function tokenFrom(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path.replace(/\//g, '\\/')}\\?token=([^\\s>]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${path} link in the mail "${mail.subject}": ${mail.text}`);
  return decodeURIComponent(match[1]);
}

/**
 * A real SMTP server on a free local port (the `smtp-server` package): plain SMTP without TLS or
 * login, every message parsed into `received`. `refuseNext` makes it refuse the next n messages
 * with a temporary error (451), as a busy mail server does.
 */
export async function startSmtpReceiver(): Promise<{
  url: string;
  received: ReceivedMail[];
  refuseNext(n: number): void;
  close(): Promise<void>;
}> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals -= 1;
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          callback(err);
          return;
        }
        parse(Buffer.concat(chunks).toString('utf8')).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('smtp receiver has no port');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    refuseNext(n) {
      refusals = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until a mail to `email` with a link to `path` is in `dir` (a server's MAIL_DIR), and answers its token. */
export async function mailedToken(dir: string, email: string, path: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await mailsTo(dir, email, path)).at(-1);
    if (mail) return tokenFrom(mail, path);
    if (Date.now() > deadline)
      throw new Error(`no mail to ${email} with a ${path} link in ${dir} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
