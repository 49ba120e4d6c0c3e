import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no", ""])
  .transform((v) => ["1", "true", "on", "yes"].includes(v));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  /** Seed demo accounts (see README). On for the demo; set SEED_DEMO=off in production. */
  SEED_DEMO: booleanFlag.default(true),
  /** Public origin used in absolute links (e.g. https://campus.example.org); defaults to the request's own. */
  PUBLIC_ORIGIN: z.url().optional(),
  /** Directory for the compiled-MDX disk cache. */
  CACHE_DIR: z.string().min(1).default(".cache"),
  /** Log in-app links that would be e-mailed (set-password links); on outside production. */
  LOG_LINKS: booleanFlag.optional(),
  /** Reports hide counts below this (small-cell suppression); never below 2. */
  REPORT_MIN_CELL: z.coerce.number().int().min(2).max(100).default(5),
  /** smtp:// or smtps:// URL (user:password@host:port) to send mail; unset = write .eml files to the outbox. */
  SMTP_URL: z
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), "must start with smtp:// or smtps://")
    .optional(),
  /**
   * The platform's IANA time zone: the default for new workshops, and the zone of times that belong
   * to no workshop (attempt history, link expiry). Asia/Vientiane is UTC+7 all year.
   */
  TIME_ZONE: z
    .string()
    .default("Asia/Vientiane")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Asia/Vientiane"),
  /** The From address of mail the platform sends. */
  MAIL_FROM: z.string().min(3).optional(),
}).refine((e) => !e.SMTP_URL || e.PUBLIC_ORIGIN, {
  // Links in mail must not take their host from a request (password-reset poisoning).
  message: "PUBLIC_ORIGIN must be set when SMTP_URL is set (links in e-mail use it)",
  path: ["PUBLIC_ORIGIN"],
});

export type Env = z.infer<typeof EnvSchema>;

function readEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    // Fail fast with a message a person can act on.
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}\nSee README.md, "Configuration".`);
  }
  return parsed.data;
}

export const env = readEnv();

/**
 * The origin of absolute links handed out (QR codes, credential ids, set-password and reset links,
 * xAPI activity ids): PUBLIC_ORIGIN when set, else the request's own origin.
 */
export function publicOrigin(request: Request): string {
  return (env.PUBLIC_ORIGIN ?? new URL(request.url).origin).replace(/\/+$/, "");
}
