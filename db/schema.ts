import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch; every timestamp in the schema uses this. */
const now = sql`(unixepoch('subsec') * 1000)`;

export const ROLES = ["learner", "trainer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const CONSTITUENT_GROUPS = [
  "government",
  "workers",
  "employers",
  "social-security-institution",
  "academia",
  "civil-society",
  "development-partner",
  "other",
] as const;
export type ConstituentGroup = (typeof CONSTITUENT_GROUPS)[number];

export const SEXES = ["woman", "man", "another", "undisclosed"] as const;
export type Sex = (typeof SEXES)[number];

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("learner"),
    locale: text("locale").notNull().default("en"),
    country: text("country").notNull().default(""),
    organisation: text("organisation").notNull().default(""),
    constituentGroup: text("constituent_group", { enum: CONSTITUENT_GROUPS }).notNull().default("other"),
    sex: text("sex", { enum: SEXES }).notNull().default("undisclosed"),
    jobTitle: text("job_title").notNull().default(""),
    liteMode: integer("lite_mode", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** Hex SHA-256 of the token held in the cookie; the token itself is never stored. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const enrolments = sqliteTable(
  "enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    enrolledAt: integer("enrolled_at").notNull().default(now),
  },
  (t) => [uniqueIndex("enrolments_user_course_unique").on(t.userId, t.courseSlug), index("enrolments_course_idx").on(t.courseSlug)],
);

export const lessonProgress = sqliteTable(
  "lesson_progress",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    /** "<module-slug>/<lesson-slug>" */
    lessonKey: text("lesson_key").notNull(),
    completedAt: integer("completed_at"),
    lastSeenAt: integer("last_seen_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.lessonKey] }), index("lesson_progress_seen_idx").on(t.userId, t.lastSeenAt)],
);

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    /** "check:<module>/<lesson>", "module:<module>", "final" or "pretest" */
    quizKey: text("quiz_key").notNull(),
    /** JSON array of question refs ("<module>/<file>#<question-id>") drawn for this attempt, in order. */
    questions: text("questions", { mode: "json" }).$type<string[]>().notNull(),
    /** JSON object question ref → answer as submitted; null until submitted. */
    answers: text("answers", { mode: "json" }).$type<Record<string, unknown>>(),
    score: real("score"),
    maxScore: integer("max_score").notNull(),
    percent: real("percent"),
    passed: integer("passed", { mode: "boolean" }),
    startedAt: integer("started_at").notNull().default(now),
    submittedAt: integer("submitted_at"),
  },
  (t) => [index("quiz_attempts_user_quiz_idx").on(t.userId, t.courseSlug, t.quizKey)],
);

export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    at: integer("at").notNull().default(now),
  },
  (t) => [index("audit_log_subject_idx").on(t.subject)],
);

export type User = typeof users.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;

// ───────────────────────────── Certificates ─────────────────────────────
// A certificate is a snapshot of an achievement (holder name, course, dates) that anyone can verify
// by its code. Rows are never deleted: revocation and replacement are recorded on the row.

export const CERTIFICATE_KINDS = ["completion", "participation"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Public code, XXXX-XXXX-XXXX-XXXX (16 base32 characters from 10 random bytes). */
    code: text("code").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    courseSlug: text("course_slug").notNull(),
    /** The cohort (workshop) the certificate belongs to; no foreign key until the cohorts tables exist. */
    cohortId: text("cohort_id"),
    kind: text("kind", { enum: CERTIFICATE_KINDS }).notNull().default("completion"),
    /** The holder's name as printed, frozen at issuance (a correction means a re-issue). */
    holderName: text("holder_name").notNull(),
    /** The holder's language at issuance: the certificate is printed in it and in English. */
    locale: text("locale").notNull().default("en"),
    /** When the rules were met (ms). */
    achievedOn: integer("achieved_on").notNull(),
    issuedAt: integer("issued_at").notNull().default(now),
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason"),
    revokedBy: text("revoked_by"),
    /** Set when a re-issue supersedes this certificate; replacedById then points at the new one. */
    replacedAt: integer("replaced_at"),
    replacedById: integer("replaced_by_id").references((): AnySQLiteColumn => certificates.id),
    /** "self:<user>:<course>" or "cohort:<cohort>:<user>": one live (not replaced) certificate each. */
    achievementKey: text("achievement_key").notNull(),
  },
  (t) => [
    uniqueIndex("certificates_code_unique").on(t.code),
    uniqueIndex("certificates_live_achievement_unique").on(t.achievementKey).where(sql`${t.replacedAt} IS NULL`),
    index("certificates_user_idx").on(t.userId),
  ],
);

/** The platform's Ed25519 signing keys for Open Badges credentials; id 1 is created on first use. */
export const signingKeys = sqliteTable("signing_keys", {
  id: integer("id").primaryKey(),
  /** Raw 32-byte public key, base64url. */
  publicKey: text("public_key").notNull(),
  /** PKCS#8 DER private key, base64url. Never leaves the server. */
  privateKey: text("private_key").notNull(),
  createdAt: integer("created_at").notNull().default(now),
});

export type Certificate = typeof certificates.$inferSelect;
