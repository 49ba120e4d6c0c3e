import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { cohortInput } from "#tests/helpers/cohorts";
import { createCohort, getCohort, joinCohort } from "./cohorts.server";
import { createSession, deleteSession, parseLocalDateTime, saveRegister, updateSession } from "./schedule.server";
import { participantWorkshop, sessionUid, workshopAccess, workshopCalendar } from "./workshop.server";

const labels = { online: "Online", workshop: "Workshop" };

function setup() {
  const db = createTestDb();
  const lead = insertUser(db, { role: "trainer" });
  const co = insertUser(db, { role: "trainer", email: "co@example.org" });
  const cohort = createCohort(db, lead, cohortInput("shp-foundations", { venue: "Vientiane, Lao-ITECC", minAttendancePercent: 50 }), [co.id]);
  const day1 = createSession(db, cohort.id, {
    title: "Day 1: claims",
    startsAt: parseLocalDateTime("2026-03-03T09:00")!,
    endsAt: parseLocalDateTime("2026-03-03T16:30")!,
    place: "Room 2",
    onlineUrl: "https://meet.example.org/nhi",
    facilitator: "Ms Vong",
  });
  const day2 = createSession(db, cohort.id, {
    title: "Day 2",
    startsAt: parseLocalDateTime("2026-03-04T09:00")!,
    endsAt: parseLocalDateTime("2026-03-04T12:00")!,
    place: "",
    onlineUrl: "",
    facilitator: "",
  });
  return { db, lead, co, cohort, day1, day2 };
}

describe("the participant's workshop page", () => {
  it("opens to members, the cohort's trainers and admins; other learners and trainers get 403, unknown ids 404", () => {
    const { db, lead, co, cohort } = setup();
    const member = insertUser(db);
    joinCohort(db, cohort.id, member.id);
    const outsider = insertUser(db);
    const otherTrainer = insertUser(db, { role: "trainer" });
    const admin = insertUser(db, { role: "admin" });
    expect(workshopAccess(db, member, cohort.id)).toMatchObject({ ok: true, viewer: "member" });
    expect(workshopAccess(db, lead, cohort.id)).toMatchObject({ ok: true, viewer: "trainer" });
    expect(workshopAccess(db, co, cohort.id)).toMatchObject({ ok: true, viewer: "trainer" });
    expect(workshopAccess(db, admin, cohort.id)).toMatchObject({ ok: true, viewer: "admin" });
    expect(workshopAccess(db, outsider, cohort.id)).toEqual({ ok: false, status: 403 });
    expect(workshopAccess(db, otherTrainer, cohort.id)).toEqual({ ok: false, status: 403 });
    expect(workshopAccess(db, member, "no-such-cohort")).toEqual({ ok: false, status: 404 });
    expect(workshopAccess(db, member, "x".repeat(500))).toEqual({ ok: false, status: 404 });
  });

  it("shows the member's own attendance per session, the trainers' contacts and the workshop's rules with where they stand", () => {
    const { db, lead, cohort, day1, day2 } = setup();
    const member = insertUser(db);
    const other = insertUser(db);
    joinCohort(db, cohort.id, member.id);
    joinCohort(db, cohort.id, other.id);
    const form = new FormData();
    form.set(`status-${member.id}`, "present");
    form.set(`status-${other.id}`, "absent");
    saveRegister(db, lead.id, cohort.id, day1.id, form, day1.startsAt + 1);
    const page = participantWorkshop(db, member, cohort, "member", "en", day1.endsAt);
    expect(page.sessions.map((s) => [s.id, s.mine, s.started])).toEqual([
      [day1.id, "present", true],
      [day2.id, null, false],
    ]);
    expect(page.trainers.map((t) => t.email).sort()).toEqual(["co@example.org", lead.email].sort());
    const attendanceRule = page.completion!.rules.find((r) => r.rule === "minAttendance")!;
    expect(attendanceRule.met).toBe(true);
    expect(attendanceRule.detail).toMatchObject({ present: 1, held: 1, scheduled: 2, needed: 1 });
    expect(page.completion!.rules.map((r) => r.rule)).toEqual(["allModules", "finalPass", "minAttendance"]);
    expect(page.certificate).toBeNull();
    // Someone else's page does not leak into this one.
    expect(participantWorkshop(db, other, cohort, "member", "en", day1.endsAt).sessions[0]!.mine).toBe("absent");
    // A trainer sees the schedule, no personal marks or certificate.
    const asTrainer = participantWorkshop(db, lead, cohort, "trainer", "en");
    expect(asTrainer.sessions.every((s) => s.mine === null)).toBe(true);
    expect(asTrainer.completion).toBeNull();
    expect(asTrainer.certificate).toBeNull();
  });
});

describe("calendar files", () => {
  function parse(ics: string) {
    const cal = new ICAL.Component(ICAL.parse(ics));
    return cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  }

  it("holds every session with its venue and online link, in UTC; one session alone on request", () => {
    const { db, cohort, day1, day2 } = setup();
    const ics = workshopCalendar(db, cohort, { pageUrl: "https://campus.example.org/me/workshops/x", labels })!;
    const events = parse(ics);
    expect(events.map((e) => e.uid)).toEqual([sessionUid(day1.id), sessionUid(day2.id)]);
    expect(events[0]!.summary).toBe("Day 1: claims");
    expect(events[0]!.startDate.toJSDate().getTime()).toBe(day1.startsAt);
    expect(events[0]!.endDate.toJSDate().getTime()).toBe(day1.endsAt);
    expect(events[0]!.location).toContain("Room 2");
    expect(events[0]!.location).toContain("https://meet.example.org/nhi");
    expect(events[0]!.description).toContain("https://meet.example.org/nhi");
    // No place of its own: the workshop's venue.
    expect(events[1]!.location).toBe("Vientiane, Lao-ITECC");
    const one = parse(workshopCalendar(db, cohort, { sessionId: day2.id, pageUrl: "https://x/", labels })!);
    expect(one.map((e) => e.uid)).toEqual([sessionUid(day2.id)]);
    expect(workshopCalendar(db, cohort, { sessionId: "no-such-session", pageUrl: "https://x/", labels })).toBeNull();
  });

  it("keeps a session's UID when the trainer changes it, with a higher SEQUENCE and a later DTSTAMP", () => {
    const { db, cohort, day1 } = setup();
    const before = parse(workshopCalendar(db, cohort, { sessionId: day1.id, pageUrl: "https://x/", labels })!)[0]!;
    const later = day1.updatedAt! + 60_000;
    updateSession(
      db,
      cohort.id,
      day1.id,
      { title: "Day 1 (moved)", startsAt: day1.startsAt + 3_600_000, endsAt: day1.endsAt, place: "Room 3", onlineUrl: "", facilitator: "" },
      later,
    );
    const after = parse(workshopCalendar(db, getCohort(db, cohort.id)!, { sessionId: day1.id, pageUrl: "https://x/", labels })!)[0]!;
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBe(before.sequence + 1);
    const stamp = (e: ICAL.Event) => e.component.getFirstPropertyValue("dtstamp") as ICAL.Time;
    expect(stamp(after).toJSDate().getTime()).toBeGreaterThan(stamp(before).toJSDate().getTime());
    expect(after.startDate.toJSDate().getTime()).toBe(day1.startsAt + 3_600_000);
    expect(after.location).toBe("Room 3");
  });

  it("cancels a deleted session: same UID, STATUS:CANCELLED, a higher SEQUENCE (and METHOD:CANCEL for that session alone)", () => {
    const { db, cohort, day1, day2 } = setup();
    const before = parse(workshopCalendar(db, cohort, { pageUrl: "https://x/", labels })!);
    const seq = before.find((e) => e.uid === sessionUid(day2.id))!.sequence;
    deleteSession(db, cohort.id, day2.id, day2.updatedAt! + 60_000);
    const ics = workshopCalendar(db, cohort, { pageUrl: "https://x/", labels })!;
    const after = parse(ics);
    expect(after.map((e) => e.uid)).toEqual([sessionUid(day1.id), sessionUid(day2.id)]);
    const cancelled = after[1]!;
    expect(cancelled.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelled.sequence).toBeGreaterThan(seq);
    expect(cancelled.startDate.toJSDate().getTime()).toBe(day2.startsAt);
    expect(after[0]!.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    // The one-session file of a deleted session still answers, as a cancellation.
    const one = workshopCalendar(db, cohort, { sessionId: day2.id, pageUrl: "https://x/", labels })!;
    expect(new ICAL.Component(ICAL.parse(one)).getFirstPropertyValue("method")).toBe("CANCEL");
    expect(parse(one).map((e) => [e.uid, e.component.getFirstPropertyValue("status")])).toEqual([[sessionUid(day2.id), "CANCELLED"]]);
  });

  it("is a valid empty calendar for a workshop without sessions", () => {
    const db = createTestDb();
    const lead = insertUser(db, { role: "trainer" });
    const cohort = createCohort(db, lead, cohortInput("shp-foundations"), []);
    expect(parse(workshopCalendar(db, cohort, { pageUrl: "https://x/", labels })!)).toEqual([]);
  });
});
