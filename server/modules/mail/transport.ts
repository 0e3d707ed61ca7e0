/**
 * Sending through nodemailer: `SMTP_URL` names a real server; without it every mail is rendered as
 * an RFC 5322 message and written to `MAIL_DIR` as an .eml file (so a fresh start needs no mail
 * server, and a developer opens the file in any mail program). One sender per app, closed with it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { RenderedMail } from './render.ts';

export interface OutgoingMail extends RenderedMail {
  to: string;
  /** Extra headers (List-Unsubscribe). */
  headers?: Record<string, string>;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailSender(config: Config['mail']): MailSender {
  const message = (mail: OutgoingMail) => ({
    from: config.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.headers ? { headers: mail.headers } : {}),
  });
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail(message(mail));
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let folderReady: Promise<unknown> | undefined;
  return {
    async send(mail) {
      const info = await transport.sendMail(message(mail));
      folderReady ??= mkdir(config.dir, { recursive: true });
      await folderReady;
      // Time first, so the files list in the order they were sent; written whole, then renamed, so a reader never sees half a mail.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const path = join(config.dir, name);
      await writeFile(`${path}.part`, info.message);
      await rename(`${path}.part`, path);
    },
    close: () => transport.close(),
  };
}
