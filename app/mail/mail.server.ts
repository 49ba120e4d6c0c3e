import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "#app/env.server";

export type MailAttachment = { filename: string; content: string; contentType: string };

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
  /**
   * The message's identity (a job's key): the same key gives the same Message-ID, Date and outbox file,
   * so a message sent again after a crash replaces its own .eml file instead of adding a second one.
   */
  idempotency?: { key: string; date: Date };
};

/** What nodemailer gets: the identity turned into a stable Message-ID and Date. */
function nodemailerFields(message: MailMessage, from: string) {
  const { idempotency, ...rest } = message;
  if (!idempotency) return { from, ...rest };
  const host = from.match(/@([^>\s]+)/)?.[1] ?? "localhost";
  return { from, ...rest, messageId: `<${keyHash(idempotency.key)}@${host}>`, date: idempotency.date };
}

function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 24);
}

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
      const info = await transporter.sendMail(nodemailerFields(message, from));
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
      const info = await builder.sendMail(nodemailerFields(message, from));
      await fs.promises.mkdir(dir, { recursive: true });
      const stamp = (message.idempotency?.date ?? new Date()).toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
      const unique = message.idempotency ? keyHash(message.idempotency.key) : randomBytes(4).toString("hex");
      const file = path.join(dir, `${stamp}-${unique}.eml`);
      // A message sent again under the same key lands in the same file: written aside, then renamed
      // over it, so the outbox never holds a half-written or a second copy.
      const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
      await fs.promises.writeFile(tmp, info.message as Buffer);
      await fs.promises.rename(tmp, file);
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
