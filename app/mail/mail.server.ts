import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "#app/env.server";

export type MailMessage = { to: string; subject: string; text: string };

/** Where mail goes: an SMTP server, or (without one) .eml files in an outbox directory. */
export interface MailTransport {
  /** Delivers one message; resolves with where it went (for the log). */
  send(message: MailMessage): Promise<string>;
}

function fromAddress(): string {
  if (env.MAIL_FROM) return env.MAIL_FROM;
  const host = env.PUBLIC_ORIGIN ? new URL(env.PUBLIC_ORIGIN).hostname : "localhost";
  return `SHP Campus <no-reply@${host}>`;
}

/** Sends through the SMTP server of SMTP_URL (nodemailer). */
export function smtpTransport(url: string, from = fromAddress()): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(message) {
      const info = await transporter.sendMail({ from, ...message });
      return `smtp ${info.messageId}`;
    },
  };
}

/**
 * Writes each message as an RFC 5322 .eml file (UTF-8, headers encoded as mail clients expect) into
 * dir: for a platform without a mail server, an administrator forwards or prints them.
 */
export function outboxTransport(dir: string, from = fromAddress()): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await builder.sendMail({ from, ...message });
      await fs.promises.mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
      const file = path.join(dir, `${stamp}-${randomBytes(4).toString("hex")}.eml`);
      await fs.promises.writeFile(`${file}.tmp`, info.message as Buffer);
      await fs.promises.rename(`${file}.tmp`, file);
      return file;
    },
  };
}

/** The outbox: `outbox/` beside the database file (data/outbox by default). */
export function outboxDir(): string {
  return path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "outbox");
}

let transport: MailTransport | undefined;

/** The platform's transport: SMTP when SMTP_URL is set, otherwise the outbox. */
export function getMailTransport(): MailTransport {
  transport ??= env.SMTP_URL ? smtpTransport(env.SMTP_URL) : outboxTransport(outboxDir());
  return transport;
}

/**
 * Sends without making the caller wait for the mail server (so a response takes as long whether
 * or not a message was sent) and logs one line either way. The message body is not logged.
 */
export function sendInBackground(mailer: MailTransport, message: MailMessage): Promise<void> {
  return mailer.send(message).then(
    (where) => console.log(`mail: "${message.subject}" to ${message.to} → ${where}`),
    (error: unknown) => console.error(`mail: sending "${message.subject}" to ${message.to} failed: ${(error as Error).message}`),
  );
}
