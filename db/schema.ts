import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
