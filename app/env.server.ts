import net from "node:net";
import { z } from "zod";

const booleanFlag = z.enum(["1", "0", "true", "false", "on", "off", "yes", "no", ""]).transform((v) => ["1", "true", "on", "yes"].includes(v));

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_PATH: z.string().min(1).default("data/app.db"),
    /** Seed demo accounts (see README). On for the demo; set SEED_DEMO=off in production. */
    SEED_DEMO: booleanFlag.default(true),
    /** Public origin used in absolute links (e.g. https://campus.example.org); defaults to http://localhost:PORT, never a request's Host. */
    PUBLIC_ORIGIN: z.url().optional(),
    /** Directory for the compiled-MDX disk cache. */
    CACHE_DIR: z.string().min(1).default(".cache"),
    /** Log in-app links that would be e-mailed (set-password links); on outside production. */
    LOG_LINKS: booleanFlag.optional(),
    /** Reports hide counts below this (small-cell suppression); never below 2. */
    REPORT_MIN_CELL: z.coerce.number().int().min(2).max(100).default(5),
    /** Days after completion (a workshop's last session, a self-paced certificate) when the follow-up questionnaire opens. */
    FOLLOWUP_AFTER_DAYS: z.coerce.number().int().min(1).max(730).default(91),
    /** Days after an evaluation request when one reminder is due if it is still unanswered. */
    EVALUATION_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
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
    /**
     * Which proxies in front of the server to believe about the client's address (X-Forwarded-For),
     * protocol (X-Forwarded-Proto) and host: off (default), a number of hops, or a comma-separated
     * list of addresses, CIDRs and Express's names (loopback, linklocal, uniquelocal).
     */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const out = parseTrustProxy(v);
        if (out.ok) return out.value;
        ctx.addIssue({ code: "custom", message: out.message });
        return z.NEVER;
      }),
    /** The From address of mail the platform sends. */
    MAIL_FROM: z.string().min(3).optional(),
  })
  .refine((e) => !e.SMTP_URL || e.PUBLIC_ORIGIN, {
    // Links in mail must not take their host from a request (password-reset poisoning).
    message: "PUBLIC_ORIGIN must be set when SMTP_URL is set (links in e-mail use it)",
    path: ["PUBLIC_ORIGIN"],
  });

export type Env = z.infer<typeof EnvSchema>;

/** What Express's "trust proxy" setting receives: false, a number of hops, or addresses/CIDRs/names. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** TRUST_PROXY as Express's "trust proxy" value, or why it is not one. */
export function parseTrustProxy(raw: string | undefined): { ok: true; value: TrustProxy } | { ok: false; message: string } {
  const v = (raw ?? "").trim();
  if (v === "" || v === "off" || v === "0") return { ok: true, value: false };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= 10 ? { ok: true, value: hops } : { ok: false, message: "a number of proxy hops from 1 to 10" };
  }
  const items = v.split(",").map((s) => s.trim());
  for (const item of items) {
    if (PROXY_NAMES.has(item)) continue;
    const [addr, bits, ...rest] = item.split("/");
    const family = net.isIP(addr ?? "");
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (family === 0 || !bitsOk || rest.length > 0)
      return {
        ok: false,
        message: `"${item}" is not a number of hops, an IP address, a CIDR or one of loopback, linklocal, uniquelocal (use off to trust no proxy)`,
      };
  }
  return { ok: true, value: items };
}

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
 * The origin of absolute links handed out (QR codes, credential ids and issuers, set-password and
 * reset links, join links, xAPI activity ids): PUBLIC_ORIGIN, or without it
 * http://localhost:PORT (the start script warns). Never the request's Host or forwarded headers:
 * anyone can send those (password-reset poisoning, credentials naming another issuer).
 */
export function publicOrigin(): string {
  return (env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
