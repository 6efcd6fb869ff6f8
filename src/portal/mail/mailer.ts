import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The one link the message is about, logged by the outbox so a developer can follow it. */
  link?: string;
  /** Extra header fields, e.g. List-Unsubscribe (RFC 2369); names and values in plain ASCII. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** E-mail over SMTP (RFC 5321) through nodemailer; STARTTLS when the server offers it. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        headers: message.headers,
      });
    },
  };
}

/**
 * Without SMTP (development, `npm start`): each message is written to `<dataDir>/outbox/` as an RFC 5322
 * text file readable by any mail program, and its link is logged (docs/portal.md "E-mail").
 */
export function createOutboxMailer(dir: string, from: string, log: (line: string) => void): Mailer {
  return {
    async send(message) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
      const file = join(dir, name);
      const headers = [
        `From: ${from}`,
        `To: ${message.to}`,
        `Subject: ${message.subject}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        ...Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      ];
      writeFileSync(file, `${headers.join('\r\n')}\r\n\r\n${message.text.replace(/\r?\n/g, '\r\n')}`, {
        mode: 0o600,
      });
      log(
        `e-mail to ${message.to} written to ${file} (no SMTP configured)${message.link ? `; link: ${message.link}` : ''}`,
      );
    },
  };
}

export function createMailer(
  config: { smtpUrl?: string; mailFrom: string; dataDir: string },
  log: (line: string) => void,
): Mailer {
  return config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, config.mailFrom)
    : createOutboxMailer(join(config.dataDir, 'outbox'), config.mailFrom, log);
}
