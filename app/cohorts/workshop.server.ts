import { and, asc, eq, inArray } from "drizzle-orm";
import { createEvents, type EventAttributes } from "ics";
import type { Db } from "#db/client";
import {
  attendance,
  cancelledSessions,
  cohortSessions,
  type AttendanceStatus,
  type CancelledSession,
  type Cohort,
  type CohortSession,
  type User,
} from "#db/schema";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { certificateStatus, cohortKey, liveCertificate } from "#app/certificates/certificates.server";
import { evaluateCohortCompletion } from "./completion.server";
import { cohortAnnouncements, cohortTrainerList, getCohort, isMember } from "./cohorts.server";
import { cohortSessionList } from "./schedule.server";
import { withAnnouncementHtml } from "./announcement-format.server";

export type WorkshopViewer = "member" | "trainer" | "admin";

/**
 * Who may open a workshop's participant page and calendar: its members, its trainers and
 * administrators. Anyone else gets 403 (the cohort exists) and an unknown id 404.
 */
export function workshopAccess(
  db: Db,
  user: Pick<User, "id" | "role">,
  cohortId: string,
): { ok: true; cohort: Cohort; viewer: WorkshopViewer } | { ok: false; status: 403 | 404 } {
  const cohort = getCohort(db, cohortId);
  if (!cohort) return { ok: false, status: 404 };
  if (isMember(db, cohort.id, user.id)) return { ok: true, cohort, viewer: "member" };
  if (user.role === "admin") return { ok: true, cohort, viewer: "admin" };
  if (user.role === "trainer" && cohortTrainerList(db, cohort.id).some((t) => t.id === user.id)) return { ok: true, cohort, viewer: "trainer" };
  return { ok: false, status: 403 };
}

/** The member's attendance mark for each of the cohort's sessions. */
function myAttendance(db: Db, userId: string, sessionIds: string[]): Map<string, AttendanceStatus> {
  if (sessionIds.length === 0) return new Map();
  return new Map(
    db
      .select({ sessionId: attendance.sessionId, status: attendance.status })
      .from(attendance)
      .where(and(eq(attendance.userId, userId), inArray(attendance.sessionId, sessionIds)))
      .all()
      .map((r) => [r.sessionId, r.status]),
  );
}

/**
 * Everything a participant's workshop page shows: the workshop, its trainers and how to reach
 * them, the schedule with the viewer's attendance, the workshop's completion rules (met or not,
 * for a member), announcements and the certificate once issued.
 */
export function participantWorkshop(db: Db, user: Pick<User, "id" | "role">, cohort: Cohort, viewer: WorkshopViewer, locale: string, now = Date.now()) {
  const course = findCourse(cohort.courseSlug);
  const sessions = cohortSessionList(db, cohort.id);
  const marks =
    viewer === "member"
      ? myAttendance(
          db,
          user.id,
          sessions.map((s) => s.id),
        )
      : new Map<string, AttendanceStatus>();
  // The workshop's own rules (never the self-paced ones), where the member stands on each.
  const completion = viewer === "member" && course ? evaluateCohortCompletion(db, cohort.id, user.id, course, now) : null;
  const certificate = viewer === "member" ? liveCertificate(db, cohortKey(cohort.id, user.id)) : undefined;
  return {
    id: cohort.id,
    title: cohort.title,
    description: cohort.description,
    courseSlug: cohort.courseSlug,
    courseTitle: course ? pick(course.title, locale).text : cohort.courseSlug,
    startsOn: cohort.startsOn,
    endsOn: cohort.endsOn,
    mode: cohort.mode,
    venue: cohort.venue,
    locale: cohort.locale,
    timeZone: cohort.timeZone,
    archived: cohort.archivedAt !== null,
    rules: cohort.completionRules,
    viewer,
    trainers: cohortTrainerList(db, cohort.id).map((t) => ({ id: t.id, name: t.name, email: t.email, role: t.role })),
    sessions: sessions.map((s) => ({
      id: s.id,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      place: s.place,
      onlineUrl: s.onlineUrl,
      facilitator: s.facilitator,
      started: s.startsAt <= now,
      mine: viewer === "member" ? (marks.get(s.id) ?? null) : null,
    })),
    announcements: withAnnouncementHtml(cohortAnnouncements(db, cohort.id)),
    completion,
    certificate: certificate ? { code: certificate.code, status: certificateStatus(certificate) } : null,
  };
}

/** The calendar UID of a session: stable across edits, so calendars update the event they hold. */
export function sessionUid(sessionId: string): string {
  return `session-${sessionId}@shp-campus`;
}

type CalendarLabels = { online: string; workshop: string };

function sessionEvent(cohort: Cohort, s: CohortSession, pageUrl: string, labels: CalendarLabels): EventAttributes {
  const location = [s.place || cohort.venue, s.onlineUrl].filter(Boolean).join(" · ");
  const description = [`${labels.workshop}: ${cohort.title}`, s.facilitator, s.onlineUrl ? `${labels.online}: ${s.onlineUrl}` : "", pageUrl]
    .filter(Boolean)
    .join("\n");
  const changed = s.updatedAt ?? cohort.createdAt;
  // `timestamp` (DTSTAMP) is accepted by ics's schema but missing from its types.
  return {
    uid: sessionUid(s.id),
    sequence: s.sequence,
    timestamp: changed,
    lastModified: changed,
    title: s.title,
    start: s.startsAt,
    startInputType: "utc",
    startOutputType: "utc",
    end: s.endsAt,
    endInputType: "utc",
    endOutputType: "utc",
    location: location || undefined,
    url: s.onlineUrl || pageUrl,
    description,
    status: "CONFIRMED",
  } as EventAttributes;
}

function cancelledEvent(s: CancelledSession): EventAttributes {
  return {
    uid: sessionUid(s.id),
    sequence: s.sequence,
    timestamp: s.cancelledAt,
    lastModified: s.cancelledAt,
    title: s.title,
    start: s.startsAt,
    startInputType: "utc",
    startOutputType: "utc",
    end: s.endsAt,
    endInputType: "utc",
    endOutputType: "utc",
    status: "CANCELLED",
  } as EventAttributes;
}

/**
 * The workshop's schedule as an iCalendar file (RFC 5545), or one session of it. Each session keeps
 * its UID; its SEQUENCE rises and its DTSTAMP moves at every change, so a calendar that imports the
 * file again replaces the event instead of adding a second one. A deleted session stays in the file
 * as a cancellation (same UID, STATUS:CANCELLED, higher SEQUENCE); asked for alone, it is a
 * METHOD:CANCEL file. Returns null for an unknown session.
 */
export function workshopCalendar(db: Db, cohort: Cohort, opts: { sessionId?: string; pageUrl: string; labels: CalendarLabels }): string | null {
  const sessions = opts.sessionId
    ? db
        .select()
        .from(cohortSessions)
        .where(and(eq(cohortSessions.cohortId, cohort.id), eq(cohortSessions.id, opts.sessionId)))
        .orderBy(asc(cohortSessions.startsAt))
        .all()
    : cohortSessionList(db, cohort.id);
  const cancelled =
    opts.sessionId && sessions.length > 0
      ? []
      : db
          .select()
          .from(cancelledSessions)
          .where(and(eq(cancelledSessions.cohortId, cohort.id), opts.sessionId ? eq(cancelledSessions.id, opts.sessionId) : undefined))
          .all();
  if (opts.sessionId && sessions.length === 0 && cancelled.length === 0) return null;
  const events = [
    ...sessions.map((s) => ({ at: s.startsAt, event: sessionEvent(cohort, s, opts.pageUrl, opts.labels) })),
    ...cancelled.map((s) => ({ at: s.startsAt, event: cancelledEvent(s) })),
  ].sort((a, b) => a.at - b.at);
  const onlyCancelled = opts.sessionId !== undefined && sessions.length === 0;
  const { error, value } = createEvents(
    events.map((e) => e.event),
    { productId: "-//SHP Campus//Workshops//EN", calName: cohort.title, method: onlyCancelled ? "CANCEL" : "PUBLISH" },
  );
  if (error || value === null) throw error ?? new Error("calendar not generated");
  // ics writes an empty calendar as a string without events; that is a valid file too.
  return value;
}
