/**
 * The map of personal data: for every table that holds something about a person, what "Export my
 * data" gives them and what erasure does to it. The export and the erasure both read this map, and
 * app/privacy/personal-data.test.ts enumerates db/schema.ts: a new table with a user column (a
 * foreign key to users, or a column such as user_id, *_by, actor_id, email) that is not listed here
 * fails that test, so a table cannot be forgotten silently. A new domain (evaluations,
 * notifications) plugs in by adding its entry.
 */
import type { Db } from "#db/client";
import { certificateStatus, certificatesOfUser } from "#app/certificates/certificates.server";

/** A value is a string, number, boolean, null, or (JSON columns) parsed JSON. */
export type Row = Record<string, unknown>;

export type ExportContext = { db: Db; userId: string; origin: string };

/** What erasure does to a table's rows about the person (carried out in app/privacy/erase.server.ts). */
export type ErasePolicy =
  | "anonymise" // the row stays, every identifying value is removed
  | "delete" // the person's rows are deleted
  | "keep-anonymous" // kept as counted facts without identity (reports)
  | "unlink"; // another person's row that names this person as actor: the reference is cleared

export type PersonalDataEntry = {
  /** The section of the export (and the CSV file's name), in English. */
  section: string;
  /** Rows for the export; a string instead says why this table gives nothing to export. */
  export: ((ctx: ExportContext) => Row[]) | { none: string };
  erase: ErasePolicy;
  /** One line for the privacy notice and the ADR: why the rule is what it is. */
  why: string;
};

const q = (ctx: ExportContext, sql: string, ...params: unknown[]) => ctx.db.$client.prepare(sql).all(...params) as Row[];
const json = (v: unknown) => (typeof v === "string" ? (JSON.parse(v) as unknown) : v);
const iso = (ms: unknown) => (typeof ms === "number" ? new Date(ms).toISOString() : null);

/** Table name (as in the database) → entry. Every table with a user column must appear. */
export const PERSONAL_DATA: Record<string, PersonalDataEntry> = {
  users: {
    section: "profile",
    export: (ctx) =>
      q(
        ctx,
        `select email, name, name_latin, role, locale, country, organisation, constituent_group, sex, job_title, lite_mode, created_at, updated_at, last_active_at, deactivated_at
         from users where id = ?`,
        ctx.userId,
      ).map((r) => ({
        ...r,
        lite_mode: r.lite_mode === 1,
        created_at: iso(r.created_at),
        updated_at: iso(r.updated_at),
        last_active_at: iso(r.last_active_at),
        deactivated_at: iso(r.deactivated_at),
      })),
    erase: "anonymise",
    why: "The row stays as an anonymous tombstone so certificates stay verifiable; e-mail, name (and its Latin spelling), organisation, job title and password are removed.",
  },
  sessions: {
    section: "sessions",
    export: (ctx) =>
      q(ctx, "select created_at, expires_at from sessions where user_id = ? order by created_at", ctx.userId).map((r) => ({
        signed_in_at: iso(r.created_at),
        expires_at: iso(r.expires_at),
      })),
    erase: "delete",
    why: "Sign-ins end at once.",
  },
  set_password_tokens: {
    section: "password_links",
    export: (ctx) =>
      q(ctx, "select purpose, created_at, expires_at, used_at from set_password_tokens where user_id = ? order by created_at", ctx.userId).map((r) => ({
        purpose: r.purpose,
        created_at: iso(r.created_at),
        expires_at: iso(r.expires_at),
        used_at: iso(r.used_at),
      })),
    erase: "delete",
    why: "Outstanding set-password links stop working.",
  },
  enrolments: {
    section: "enrolments",
    export: (ctx) =>
      q(ctx, "select course_slug, enrolled_at, pretest_closed_at, pretest_closed_by from enrolments where user_id = ? order by enrolled_at", ctx.userId).map(
        (r) => ({ ...r, enrolled_at: iso(r.enrolled_at), pretest_closed_at: iso(r.pretest_closed_at) }),
      ),
    erase: "delete",
    why: "Deleted; the learning records keep the counts for reports.",
  },
  lesson_progress: {
    section: "lesson_progress",
    export: (ctx) =>
      q(
        ctx,
        "select course_slug, lesson_key, completed_at, last_seen_at from lesson_progress where user_id = ? order by course_slug, lesson_key",
        ctx.userId,
      ).map((r) => ({ ...r, completed_at: iso(r.completed_at), last_seen_at: iso(r.last_seen_at) })),
    erase: "delete",
    why: "Deleted; the learning records keep the counts for reports.",
  },
  quiz_attempts: {
    section: "quiz_attempts",
    export: (ctx) =>
      q(
        ctx,
        `select id, course_slug, quiz_key, questions, answers, score, max_score, percent, passed, started_at, submitted_at
         from quiz_attempts where user_id = ? order by started_at, id`,
        ctx.userId,
      ).map((r) => ({
        ...r,
        questions: json(r.questions),
        answers: json(r.answers),
        passed: r.passed === null ? null : r.passed === 1,
        started_at: iso(r.started_at),
        submitted_at: iso(r.submitted_at),
      })),
    erase: "delete",
    why: "Every attempt with its answers is deleted; the learning records keep the scores reports count.",
  },
  attendance: {
    section: "attendance",
    export: (ctx) =>
      q(
        ctx,
        `select c.title as cohort, s.title as session, s.starts_at, a.status, a.method, a.marked_at
         from attendance a join cohort_sessions s on s.id = a.session_id join cohorts c on c.id = s.cohort_id
         where a.user_id = ? order by s.starts_at`,
        ctx.userId,
      ).map((r) => ({ ...r, starts_at: iso(r.starts_at), marked_at: iso(r.marked_at) })),
    erase: "delete",
    why: "The person's attendance is deleted; marks they made for others stay without their name.",
  },
  cohort_members: {
    section: "workshops",
    export: (ctx) =>
      q(
        ctx,
        `select c.title as cohort, c.course_slug, c.starts_on, c.ends_on, m.joined_at
         from cohort_members m join cohorts c on c.id = m.cohort_id where m.user_id = ? order by m.joined_at`,
        ctx.userId,
      ).map((r) => ({ ...r, joined_at: iso(r.joined_at) })),
    erase: "delete",
    why: "The person leaves every workshop; trainers no longer see them.",
  },
  cohort_trainers: {
    section: "workshops_trained",
    export: (ctx) =>
      q(
        ctx,
        "select c.title as cohort, c.course_slug, c.starts_on, c.ends_on, t.role from cohort_trainers t join cohorts c on c.id = t.cohort_id where t.user_id = ?",
        ctx.userId,
      ),
    erase: "delete",
    why: "A trainer is removed from the workshops they trained; the workshops stay.",
  },
  cohort_invitations: {
    section: "consents",
    export: (ctx) =>
      q(
        ctx,
        `select c.title as cohort, i.email, i.status, i.created_at, i.responded_at from cohort_invitations i join cohorts c on c.id = i.cohort_id
         where i.user_id = ? order by i.created_at`,
        ctx.userId,
      ).map((r) => ({ ...r, created_at: iso(r.created_at), responded_at: iso(r.responded_at) })),
    erase: "delete",
    why: "Invitations to the person (and the address the trainer typed) are deleted; invitations they sent lose the sender.",
  },
  cohorts: {
    section: "workshops_created",
    export: (ctx) =>
      q(ctx, "select title, course_slug, starts_on, ends_on, created_at from cohorts where created_by = ?", ctx.userId).map((r) => ({
        ...r,
        created_at: iso(r.created_at),
      })),
    erase: "unlink",
    why: "Workshops a trainer created stay for their participants; the creator is cleared.",
  },
  announcements: {
    section: "announcements_written",
    export: (ctx) =>
      q(
        ctx,
        "select c.title as cohort, a.title, a.body, a.created_at from announcements a join cohorts c on c.id = a.cohort_id where a.author_id = ? order by a.created_at",
        ctx.userId,
      ).map((r) => ({ ...r, created_at: iso(r.created_at) })),
    erase: "unlink",
    why: "Announcements stay for the workshop's participants; the author is cleared.",
  },
  pending_imports: {
    section: "pending_imports",
    export: { none: "A CSV import waiting for confirmation holds other people's details typed by a trainer, not the trainer's own data." },
    erase: "delete",
    why: "A trainer's unconfirmed imports are deleted; the person's own row is removed from anyone's unconfirmed import.",
  },
  certificates: {
    section: "certificates",
    export: (ctx) =>
      certificatesOfUser(ctx.db, ctx.userId).map((c) => ({
        code: c.code,
        course_slug: c.courseSlug,
        kind: c.kind,
        holder_name: c.holderName,
        holder_name_latin: c.holderNameLatin,
        status: certificateStatus(c),
        achieved_on: iso(c.achievedOn),
        issued_at: iso(c.issuedAt),
        revoked_at: iso(c.revokedAt),
        revoked_reason: c.revokedReason,
        verify_url: `${ctx.origin}/verify/${c.code}`,
        credential_file: certificateStatus(c) === "valid" ? `certificates/certificate-${c.code}.json` : null,
      })),
    erase: "anonymise",
    why: "Certificates stay verifiable as issued to a holder who has since closed their account (the name and its Latin spelling are removed), or are revoked if the person asks.",
  },
  learning_records: {
    section: "learning_records",
    export: (ctx) =>
      q(
        ctx,
        `select course_slug, cohort_id, sex, constituent_group, country, enrolled_at, last_active_at, lessons_completed, module_quizzes_passed,
           pretest_percent, final_first_percent, final_best_percent, final_attempts, final_passed, sessions_present, sessions_excused, completed_at, certified_at
         from learning_records where user_id = ?`,
        ctx.userId,
      ).map((r) => ({
        ...r,
        final_passed: r.final_passed === 1,
        enrolled_at: iso(r.enrolled_at),
        last_active_at: iso(r.last_active_at),
        completed_at: iso(r.completed_at),
        certified_at: iso(r.certified_at),
      })),
    erase: "keep-anonymous",
    why: "Report facts (sex, constituent group, country, counts) are kept without identity so report totals do not change.",
  },
  learning_record_queue: {
    section: "learning_record_queue",
    export: { none: "An internal to-do list of records to recompute: no information about the person beyond what learning_records holds." },
    erase: "delete",
    why: "Internal queue.",
  },
  achievement_queue: {
    section: "achievement_queue",
    export: { none: "An internal to-do list of certificates to settle: no information about the person." },
    erase: "delete",
    why: "Internal queue.",
  },
  offline_courses: {
    section: "offline_courses",
    export: (ctx) =>
      q(ctx, "select course_slug, module_slug, locale, stored_at from offline_courses where user_id = ? order by stored_at", ctx.userId).map((r) => ({
        ...r,
        stored_at: iso(r.stored_at),
      })),
    erase: "delete",
    why: "Which courses (or modules) the person chose to keep on their device; deleted (the device's copy goes at logout).",
  },
  evaluation_requests: {
    section: "evaluations_asked",
    export: (ctx) =>
      q(
        ctx,
        "select form_key, kind, course_slug, due_at, sent_at, reminded_at, responded_on from evaluation_requests where user_id = ? order by due_at",
        ctx.userId,
      ).map((r) => ({ ...r, due_at: iso(r.due_at), sent_at: iso(r.sent_at), reminded_at: iso(r.reminded_at) })),
    erase: "delete",
    why: "Which questionnaires the person was asked and on which day they answered; the answers themselves are anonymous (ADR 0017) and stay counted.",
  },
  notifications: {
    section: "notifications",
    export: (ctx) =>
      q(ctx, "select kind, params, created_at, read_at from notifications where user_id = ? order by created_at", ctx.userId).map((r) => ({
        ...r,
        params: json(r.params),
        created_at: iso(r.created_at),
        read_at: iso(r.read_at),
      })),
    erase: "delete",
    why: "Messages to the person; deleted with their queued e-mails and the records of e-mails delivered to their address.",
  },
  notification_opt_outs: {
    section: "email_preferences",
    export: (ctx) => q(ctx, "select kind, at from notification_opt_outs where user_id = ? order by kind", ctx.userId).map((r) => ({ ...r, at: iso(r.at) })),
    erase: "delete",
    why: "The kinds of e-mail the person turned off; deleted.",
  },
  jobs: {
    section: "jobs",
    export: {
      none: "The platform's internal work queue: its `locked_by` names a server process, not a person. A person's queued e-mails are listed under notifications.",
    },
    erase: "delete",
    why: "Internal queue; the person's queued e-mails are deleted with their notifications.",
  },
  audit_log: {
    section: "activity_log",
    export: (ctx) =>
      q(
        ctx,
        `select action, subject, detail, at, case when actor_id = ? then 'you' when actor_id is null then 'system' else 'someone else' end as actor
         from audit_log where actor_id = ? or subject = ? order by at, id`,
        ctx.userId,
        ctx.userId,
        `user:${ctx.userId}`,
      ).map((r) => ({ ...r, detail: json(r.detail), at: iso(r.at) })),
    erase: "anonymise",
    why: "The audit trail is kept (who changed what), but the person's e-mail, name and organisation are removed from its details.",
  },
};

/**
 * Future tables: add an entry above in the same change that adds the table. The sections that have
 * no table yet are said in the export so the person knows they were not forgotten.
 */
export const NOT_YET_RECORDED = ["evaluations", "notifications"] as const;
