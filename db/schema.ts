import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  ATTENDANCE_METHODS,
  ATTENDANCE_STATUSES,
  CERTIFICATE_KINDS,
  COHORT_MODES,
  CONSTITUENT_GROUPS,
  ENROLMENT_KINDS,
  EVALUATION_KINDS,
  type ExtraQuestionType,
  ROLES,
  SEXES,
  TRAINER_ROLES,
  type ConstituentGroup,
  type Sex,
} from "../app/vocabulary";

// The value lists live in app/vocabulary.ts (no server code, so UI modules can import them).
export * from "../app/vocabulary";

/** Milliseconds since the epoch; every timestamp in the schema uses this. */
const now = sql`(unixepoch('subsec') * 1000)`;

/** What a certificate certifies, frozen at issuance (see certificates.criteria). */
export type CertificateCriteria = {
  hours: number | null;
  rules: { id: string; detail: Record<string, number | null> }[];
  cohort: { title: string; venue: string | null; startsOn: string; endsOn: string } | null;
};

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /**
     * The name in Latin letters, optional: printed under the name on certificates when the name is
     * in another script (Lao, Khmer, Thai…), so it can be read abroad. "" when not given.
     */
    nameLatin: text("name_latin").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("learner"),
    locale: text("locale").notNull().default("en"),
    country: text("country").notNull().default(""),
    organisation: text("organisation").notNull().default(""),
    constituentGroup: text("constituent_group", { enum: CONSTITUENT_GROUPS }).notNull().default("other"),
    sex: text("sex", { enum: SEXES }).notNull().default("undisclosed"),
    jobTitle: text("job_title").notNull().default(""),
    liteMode: integer("lite_mode", { mode: "boolean" }).notNull().default(false),
    /**
     * The cohort whose CSV import created this account (null: the person registered, or an admin
     * created it). Only that cohort's trainers (or an admin) may print a set-password link for it,
     * and only while it has never had a password.
     */
    createdByCohortId: text("created_by_cohort_id"),
    /** Set when an administrator deactivates the account: sign-in refused, sessions ended, data kept. */
    deactivatedAt: integer("deactivated_at"),
    /**
     * Set when the account is erased (app/privacy/erase.server.ts): the row stays as an anonymous
     * tombstone (no e-mail, name, organisation or password) so certificates stay verifiable and the
     * learning records keep counting the person, without identity, in reports.
     */
    erasedAt: integer("erased_at"),
    /**
     * The person's last sign-in or signed-in request (updated at most hourly): what retention
     * (app/privacy/settings.server.ts) counts as activity, since session rows are deleted on expiry.
     */
    lastActiveAt: integer("last_active_at"),
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

export const PRETEST_CLOSED_BY = ["skipped", "lesson", "final"] as const;
export type PretestClosedBy = (typeof PRETEST_CLOSED_BY)[number];

export const enrolments = sqliteTable(
  "enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    enrolledAt: integer("enrolled_at").notNull().default(now),
    /**
     * When the pre-test closed for this learner without being taken (ms), and why: "skipped" (the
     * learner chose to), "lesson" (a lesson was completed first) or "final" (the final was started).
     * Null while the pre-test is still open or once it has been taken.
     */
    pretestClosedAt: integer("pretest_closed_at"),
    pretestClosedBy: text("pretest_closed_by", { enum: PRETEST_CLOSED_BY }),
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
    /** JSON object question ref → option ids in the order this attempt showed them (choice questions only). */
    optionOrder: text("option_order", { mode: "json" }).$type<Record<string, string[]>>(),
    score: real("score"),
    maxScore: integer("max_score").notNull(),
    percent: real("percent"),
    passed: integer("passed", { mode: "boolean" }),
    startedAt: integer("started_at").notNull().default(now),
    submittedAt: integer("submitted_at"),
    /**
     * Id the learner's device gave an attempt answered offline (docs/decisions/0018): a replay of the
     * same submission finds this row instead of grading it twice. Null for attempts submitted online.
     */
    clientAttemptId: text("client_attempt_id"),
  },
  (t) => [
    index("quiz_attempts_user_quiz_idx").on(t.userId, t.courseSlug, t.quizKey),
    uniqueIndex("quiz_attempts_client_id_unique").on(t.userId, t.clientAttemptId),
  ],
);

/** Courses a learner chose to keep on their device for offline use (docs/decisions/0020). */
export const offlineCourses = sqliteTable(
  "offline_courses",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    /** One module of the course ("" = the whole course). */
    moduleSlug: text("module_slug").notNull().default(""),
    /** The language the pages were stored in. */
    locale: text("locale").notNull(),
    storedAt: integer("stored_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.moduleSlug] })],
);

export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  /** Fixed-window rules: when the window began. Delay rules: when the last attempt was made. */
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
  /** Delay rules: no attempt before this time (ms); null while attempts are free. */
  blockedUntil: integer("blocked_until"),
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
    /** The holder's name in Latin letters as given at issuance ("" when none), printed under the name. */
    holderNameLatin: text("holder_name_latin").notNull().default(""),
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
    /**
     * Why it was replaced: "correction" (re-issued under a corrected name) or "superseded" (a
     * workshop certificate for the same course took its place: one certificate per person and course).
     */
    replacedReason: text("replaced_reason", { enum: ["correction", "superseded"] }),
    /**
     * What the certificate certifies, frozen at issuance: the course's hours, each rule met with its
     * figures (pass mark, sessions attended…), the workshop and its dates. Null on certificates issued
     * before this was recorded (their pages evaluate the rules as they stand).
     */
    criteria: text("criteria", { mode: "json" }).$type<CertificateCriteria>(),
    /** "self:<user>:<course>" or "cohort:<cohort>:<user>": one live (not replaced) certificate each. */
    achievementKey: text("achievement_key").notNull(),
    /**
     * The credential's revocation entry in a W3C Bitstring Status List (ADR 0021): the list number
     * (/credentials/status/<list>) and a random position in it, unique per list. Null until the
     * certificate's credential is first built (certificates issued before status lists existed).
     */
    statusList: integer("status_list"),
    statusIndex: integer("status_index"),
  },
  (t) => [
    uniqueIndex("certificates_code_unique").on(t.code),
    uniqueIndex("certificates_status_entry_unique").on(t.statusList, t.statusIndex),
    uniqueIndex("certificates_live_achievement_unique")
      .on(t.achievementKey)
      .where(sql`${t.replacedAt} IS NULL`),
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
// ─────────────────────────────────────────────────────────────────────────────────────────────
// Cohorts: trainer-led (in-person, online or blended) runs of a course.
// ─────────────────────────────────────────────────────────────────────────────────────────────

/** evaluationSubmitted (optional, absent on older cohorts): the participant answered the workshop's evaluation. */
export type CompletionRules = { allModules: boolean; finalPass: boolean; minAttendancePercent: number | null; evaluationSubmitted?: boolean };

export const cohorts = sqliteTable(
  "cohorts",
  {
    id: text("id").primaryKey(),
    courseSlug: text("course_slug").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** Calendar dates 'YYYY-MM-DD' (the venue's local dates). */
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    mode: text("mode", { enum: COHORT_MODES }).notNull().default("blended"),
    venue: text("venue").notNull().default(""),
    locale: text("locale").notNull().default("en"),
    /** IANA time zone of the workshop: session times are entered and shown in it. */
    timeZone: text("time_zone").notNull().default("Asia/Vientiane"),
    capacity: integer("capacity"),
    enrolment: text("enrolment", { enum: ENROLMENT_KINDS }).notNull().default("code"),
    joinCode: text("join_code").notNull(),
    completionRules: text("completion_rules", { mode: "json" })
      .$type<CompletionRules>()
      .notNull()
      .default(sql`'{"allModules":true,"finalPass":true,"minAttendancePercent":null}'`),
    certificateKind: text("certificate_kind", { enum: CERTIFICATE_KINDS }).notNull().default("completion"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    /** Archived cohorts are hidden from the trainers' lists; reports and certificates keep them. */
    archivedAt: integer("archived_at"),
  },
  (t) => [uniqueIndex("cohorts_join_code_unique").on(t.joinCode), index("cohorts_course_idx").on(t.courseSlug)],
);

export const cohortTrainers = sqliteTable(
  "cohort_trainers",
  {
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: TRAINER_ROLES }).notNull().default("co"),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index("cohort_trainers_user_idx").on(t.userId)],
);

export const cohortMembers = sqliteTable(
  "cohort_members",
  {
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: integer("joined_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index("cohort_members_user_idx").on(t.userId)],
);

export const cohortSessions = sqliteTable(
  "cohort_sessions",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Milliseconds since the epoch, UTC. */
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    place: text("place").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    facilitator: text("facilitator").notNull().default(""),
    checkinCode: text("checkin_code").notNull(),
    /** iCalendar SEQUENCE: raised at every change, so calendars replace the event they hold. */
    sequence: integer("sequence").notNull().default(0),
    /** Last change (ms UTC), the DTSTAMP of the session's calendar event; null: never changed since the column came. */
    updatedAt: integer("updated_at"),
  },
  (t) => [index("cohort_sessions_cohort_idx").on(t.cohortId, t.startsAt)],
);

/**
 * Sessions a trainer deleted, kept so that the workshop's calendar file can cancel them: the same
 * UID with STATUS:CANCELLED and a higher SEQUENCE makes a calendar drop the event it holds.
 */
export const cancelledSessions = sqliteTable(
  "cancelled_sessions",
  {
    /** The deleted session's id (its calendar UID). */
    id: text("id").primaryKey(),
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    /** The session's SEQUENCE plus one. */
    sequence: integer("sequence").notNull(),
    cancelledAt: integer("cancelled_at").notNull(),
  },
  (t) => [index("cancelled_sessions_cohort_idx").on(t.cohortId, t.startsAt)],
);

export const attendance = sqliteTable(
  "attendance",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => cohortSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: ATTENDANCE_STATUSES }).notNull(),
    method: text("method", { enum: ATTENDANCE_METHODS }).notNull(),
    markedBy: text("marked_by").references(() => users.id, { onDelete: "set null" }),
    markedAt: integer("marked_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const moduleReleases = sqliteTable(
  "module_releases",
  {
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    moduleSlug: text("module_slug").notNull(),
    /** 'YYYY-MM-DD': the module opens for the cohort's members on this date. */
    opensOn: text("opens_on").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.moduleSlug] })],
);

export const announcements = sqliteTable(
  "announcements",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("announcements_cohort_idx").on(t.cohortId, t.createdAt)],
);

export const SET_PASSWORD_PURPOSES = ["invitation", "reset"] as const;
export type SetPasswordPurpose = (typeof SET_PASSWORD_PURPOSES)[number];

export const setPasswordTokens = sqliteTable(
  "set_password_tokens",
  {
    /** Hex SHA-256 of the token in the link; the token itself is never stored. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /**
     * "invitation": a trainer's printed link for an account their import created (never had a
     * password); "reset": a password reset (e-mailed or from an administrator). A new link retires
     * only the older unused links of the same purpose, so a reset request cannot void a printed
     * invitation (and vice versa); setting the password retires all of them.
     */
    purpose: text("purpose", { enum: SET_PASSWORD_PURPOSES }).notNull().default("reset"),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("set_password_tokens_user_idx").on(t.userId)],
);

/** A CSV import between preview and confirm: the parsed, validated rows, kept server-side. */
export const pendingImports = sqliteTable("pending_imports", {
  id: text("id").primaryKey(),
  cohortId: text("cohort_id")
    .notNull()
    .references(() => cohorts.id, { onDelete: "cascade" }),
  createdBy: text("created_by")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  rows: text("rows", { mode: "json" }).$type<PendingImportRow[]>().notNull(),
  createdAt: integer("created_at").notNull().default(now),
});

export const INVITATION_STATUSES = ["pending", "accepted", "declined"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * A trainer's invitation of an EXISTING account into a cohort (from a CSV import). The person joins
 * only when they accept; until then the trainer sees only the address they typed and the status.
 */
export const cohortInvitations = sqliteTable(
  "cohort_invitations",
  {
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address as the trainer typed it (normalised): all the trainer sees of a pending invitation. */
    email: text("email").notNull(),
    status: text("status", { enum: INVITATION_STATUSES }).notNull().default("pending"),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    respondedAt: integer("responded_at"),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index("cohort_invitations_user_idx").on(t.userId, t.status)],
);
export type CohortInvitation = typeof cohortInvitations.$inferSelect;

export type ImportRow = { name: string; email: string; organisation: string; constituentGroup: ConstituentGroup; sex: Sex; country: string };
/** A row kept between an import's preview and its confirmation, with its line in the file (rows kept before lines were: none). */
export type PendingImportRow = ImportRow & { line?: number };
export type Cohort = typeof cohorts.$inferSelect;
export type CohortSession = typeof cohortSessions.$inferSelect;
export type CancelledSession = typeof cancelledSessions.$inferSelect;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Reports: one row of facts per learner and course, kept current from the raw tables.
// Triggers (migration 0003) queue every (user, course) whose raw rows change; the reports module
// recomputes queued rows with the same rule functions the gradebook and certificates use, so
// "completed" means the same thing everywhere. Reports then aggregate this table only.
// ─────────────────────────────────────────────────────────────────────────────────────────────

export const learningRecords = sqliteTable(
  "learning_records",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    /** The cohort through which the learner takes the course (latest joined); null = self-paced. */
    cohortId: text("cohort_id"),
    /** 1 for a cohort participant, 0 self-paced: the report's first grouping key, indexed. */
    inCohort: integer("in_cohort").notNull().default(0),
    /** Copies of the learner's profile fields (migration 0004), so reports need no join with users. */
    sex: text("sex", { enum: SEXES }).notNull().default("undisclosed"),
    constituentGroup: text("constituent_group", { enum: CONSTITUENT_GROUPS }).notNull().default("other"),
    country: text("country").notNull().default(""),
    /** Enrolment, or joining the cohort for a cohort participant (ms). */
    enrolledAt: integer("enrolled_at").notNull(),
    /** Last lesson view, lesson completion or quiz submission (ms). */
    lastActiveAt: integer("last_active_at").notNull(),
    lessonsCompleted: integer("lessons_completed").notNull().default(0),
    moduleQuizzesPassed: integer("module_quizzes_passed").notNull().default(0),
    /** First submitted pre-test attempt (percent) and when. */
    pretestPercent: real("pretest_percent"),
    pretestAt: integer("pretest_at"),
    /** The first pre-test was submitted after a lesson had been completed: left out of knowledge gain. */
    pretestAfterLesson: integer("pretest_after_lesson", { mode: "boolean" }).notNull().default(false),
    /** First and best submitted final-assessment attempts (percent). */
    finalFirstPercent: real("final_first_percent"),
    finalBestPercent: real("final_best_percent"),
    finalAttempts: integer("final_attempts").notNull().default(0),
    finalPassed: integer("final_passed", { mode: "boolean" }).notNull().default(false),
    /** Attendance marks in the learner's cohort. */
    sessionsPresent: integer("sessions_present").notNull().default(0),
    sessionsExcused: integer("sessions_excused").notNull().default(0),
    /** When the completion rules (self-paced or the cohort's) were met; null while not met. */
    completedAt: integer("completed_at"),
    /** Issue time of the learner's earliest live (not revoked, not replaced) certificate for the course. */
    certifiedAt: integer("certified_at"),
    refreshedAt: integer("refreshed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.courseSlug] }),
    index("learning_records_course_idx").on(t.courseSlug, t.enrolledAt),
    index("learning_records_cohort_idx").on(t.cohortId),
    index("learning_records_enrolled_idx").on(t.enrolledAt),
    // Covering indexes in GROUP BY order (in_cohort, sex, group): the report reads them without a sort.
    index("learning_records_report_idx").on(
      t.inCohort,
      t.sex,
      t.constituentGroup,
      t.cohortId,
      t.courseSlug,
      t.enrolledAt,
      t.country,
      t.lastActiveAt,
      t.completedAt,
      t.certifiedAt,
      t.finalAttempts,
      t.finalPassed,
      t.finalBestPercent,
      t.sessionsPresent,
      t.sessionsExcused,
      t.pretestPercent,
      t.finalFirstPercent,
    ),
    index("learning_records_report_course_idx").on(
      t.courseSlug,
      t.inCohort,
      t.sex,
      t.constituentGroup,
      t.cohortId,
      t.enrolledAt,
      t.country,
      t.lastActiveAt,
      t.completedAt,
      t.certifiedAt,
      t.finalAttempts,
      t.finalPassed,
      t.finalBestPercent,
      t.sessionsPresent,
      t.sessionsExcused,
      t.pretestPercent,
      t.finalFirstPercent,
    ),
  ],
);

/**
 * (user, course) pairs whose learning record is stale; filled by triggers, emptied by the refresher.
 * Duplicates are allowed on purpose: a trigger's INSERT OR IGNORE would take the conflict rule of the
 * statement that fired it (an upsert's ON CONFLICT DO UPDATE) and fail; plain inserts never conflict.
 */
export const learningRecordQueue = sqliteTable(
  "learning_record_queue",
  {
    userId: text("user_id").notNull(),
    courseSlug: text("course_slug").notNull(),
  },
  (t) => [index("learning_record_queue_pair_idx").on(t.userId, t.courseSlug)],
);

/** What each course's content looked like when its learning records were computed. */
export const courseSignatures = sqliteTable("course_signatures", {
  courseSlug: text("course_slug").primaryKey(),
  signature: text("signature").notNull(),
});

export type LearningRecord = typeof learningRecords.$inferSelect;

/**
 * People whose certificates must be settled again because their course's content changed (see
 * app/learning/achievements.server.ts): drained in the background, a batch at a time.
 */
export const achievementQueue = sqliteTable(
  "achievement_queue",
  {
    userId: text("user_id").notNull(),
    courseSlug: text("course_slug").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug] })],
);

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Training evaluation (ADR 0017). Two sides that share no key, no person and no time:
// - evaluation_requests: WHO is asked and whether they have responded (day precision only);
// - evaluation_responses + evaluation_answers: WHAT was answered, with no person, no request, no
//   time, and a random id (so not even row order follows the order of submission).
// ─────────────────────────────────────────────────────────────────────────────────────────────

/** A question a trainer added to their cohort's questionnaire (in the words they typed). */
export type ExtraQuestion = { id: string; type: ExtraQuestionType; label: string; options: string[] };

/**
 * A questionnaire: "cohort:<id>:evaluation", "cohort:<id>:followup", "course:<slug>:evaluation" or
 * "course:<slug>:followup". The standard template's questions are in code (app/evaluation/questions.ts);
 * a cohort's row holds the questions its trainers added before it opened.
 */
export const evaluationForms = sqliteTable("evaluation_forms", {
  key: text("key").primaryKey(),
  kind: text("kind", { enum: EVALUATION_KINDS }).notNull(),
  cohortId: text("cohort_id").references(() => cohorts.id, { onDelete: "cascade" }),
  courseSlug: text("course_slug").notNull(),
  extraQuestions: text("extra_questions", { mode: "json" })
    .$type<ExtraQuestion[]>()
    .notNull()
    .default(sql`'[]'`),
});

/** Who is asked to answer which questionnaire, when it is due, and whether (on which day) they answered. */
export const evaluationRequests = sqliteTable(
  "evaluation_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    formKey: text("form_key").notNull(),
    kind: text("kind", { enum: EVALUATION_KINDS }).notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    cohortId: text("cohort_id").references(() => cohorts.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    /** When the questionnaire opens for this person (ms). */
    dueAt: integer("due_at").notNull(),
    /** When the request message was handed to the notifier (ms); null: not yet. */
    sentAt: integer("sent_at"),
    remindedAt: integer("reminded_at"),
    /** The day (platform time zone, 'YYYY-MM-DD') the person responded: never a finer time. */
    respondedOn: text("responded_on"),
  },
  (t) => [uniqueIndex("evaluation_requests_form_user_unique").on(t.formKey, t.userId), index("evaluation_requests_user_idx").on(t.userId, t.dueAt)],
);

/** One anonymous response: which questionnaire, and the respondent's sex and group only if they chose to give them. */
export const evaluationResponses = sqliteTable(
  "evaluation_responses",
  {
    /** A random integer (not autoincrement): the table's order says nothing about when a response came. */
    id: integer("id").primaryKey(),
    formKey: text("form_key").notNull(),
    kind: text("kind", { enum: EVALUATION_KINDS }).notNull(),
    cohortId: text("cohort_id"),
    courseSlug: text("course_slug").notNull(),
    /** "undisclosed" unless the respondent chose to give it. */
    sex: text("sex", { enum: SEXES }).notNull().default("undisclosed"),
    /** Null unless the respondent chose to give it. */
    constituentGroup: text("constituent_group", { enum: CONSTITUENT_GROUPS }),
  },
  (t) => [
    index("evaluation_responses_form_idx").on(t.formKey),
    // Covering the results query (with the id, the rowid, in every index): no table row is read.
    index("evaluation_responses_results_idx").on(t.kind, t.courseSlug, t.cohortId, t.sex, t.constituentGroup),
  ],
);

/** The answers of a response: a number (scale 1–5 or option position) or a text. */
export const evaluationAnswers = sqliteTable(
  "evaluation_answers",
  {
    responseId: integer("response_id")
      .notNull()
      .references(() => evaluationResponses.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    valueNum: integer("value_num"),
    valueText: text("value_text"),
    /** A trainer hid this comment as abusive (audited); it stays counted but is not listed. */
    hidden: integer("hidden", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.questionId] }),
    // Covering the results query's answer lookups (scales and choices).
    index("evaluation_answers_value_idx").on(t.responseId, t.questionId, t.valueNum),
  ],
);
/**
 * Platform settings an administrator changes at /admin/privacy (who runs the platform, the contact
 * address, the retention period): one row per key, the value as text.
 */
export const siteSettings = sqliteTable("site_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const ORGANISATION_IMAGE_ROLES = ["logo", "signature"] as const;
export const ORGANISATION_IMAGE_TYPES = ["png", "jpeg"] as const;

/**
 * The images printed on certificates, set at /admin/organisation (app/certificates/organisation.server.ts):
 * the issuing organisation's logo and the signatory's signature. PNG or JPEG, at most 200 KB each,
 * checked by their magic bytes and decoded once before they are stored. Kept apart from site_settings
 * so the small text settings read on many pages never carry them.
 */
export const organisationImages = sqliteTable("organisation_images", {
  role: text("role", { enum: ORGANISATION_IMAGE_ROLES }).primaryKey(),
  type: text("type", { enum: ORGANISATION_IMAGE_TYPES }).notNull(),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Background jobs and notifications (app/jobs, app/notifications; docs/decisions/0020).
// ─────────────────────────────────────────────────────────────────────────────────────────────

export const JOB_STATUSES = ["queued", "running", "done", "dead"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The durable job queue. A job is enqueued inside the transaction of the write that causes it, so it
 * exists exactly when that write does; the key makes enqueueing idempotent (a second enqueue with the
 * same key is ignored). One designated worker claims a due job by setting locked_until (its lease on the
 * job): a worker that dies mid-job leaves a running job whose lease lapses, and the next claim takes it
 * again (at least once); handlers are idempotent by the same key.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    /** Attempts started so far (a claim counts as one, even when the worker dies before finishing). */
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    /** When the job is due (ms): its creation, or the end of its back-off after a failure. */
    runAt: integer("run_at").notNull(),
    lockedBy: text("locked_by"),
    lockedUntil: integer("locked_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull().default(now),
    finishedAt: integer("finished_at"),
  },
  (t) => [uniqueIndex("jobs_key_unique").on(t.key), index("jobs_due_idx").on(t.status, t.runAt), index("jobs_finished_idx").on(t.finishedAt)],
);

export type Job = typeof jobs.$inferSelect;

/** Named leases with expiry: the holder of "job-runner" is the one process that runs jobs. */
export const workerLeases = sqliteTable("worker_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** Messages delivered, by the key of the job that sent them: a re-run job finds its message sent. */
export const mailDeliveries = sqliteTable(
  "mail_deliveries",
  {
    key: text("key").primaryKey(),
    deliveredTo: text("delivered_to").notNull(),
    where: text("where").notNull(),
    sentAt: integer("sent_at").notNull(),
  },
  (t) => [index("mail_deliveries_sent_idx").on(t.sentAt)],
);

/** In-app notifications (shown on /me/notifications; the unread count in the header). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** Unique per event (e.g. "certificate-issued:<code>"): notifying twice of one event records it once. */
    key: text("key").notNull(),
    params: text("params", { mode: "json" }).$type<Record<string, string | number | null>>().notNull(),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [uniqueIndex("notifications_key_unique").on(t.key), index("notifications_user_idx").on(t.userId, t.readAt, t.createdAt)],
);

/** E-mail opt-outs per kind: a row means "no e-mail of this kind" (in-app notifications are always kept). */
export const notificationOptOuts = sqliteTable(
  "notification_opt_outs",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Server secrets generated on first use (e.g. "unsubscribe": the HMAC key of unsubscribe links). */
export const appSecrets = sqliteTable("app_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
});
