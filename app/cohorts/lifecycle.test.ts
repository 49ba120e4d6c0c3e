import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { cohortInput } from "#tests/helpers/cohorts";
import { cohortsForTrainer, cohortTrainerList, createCohort, joinCohort, memberCohorts, moveTargets } from "./cohorts.server";
import { duplicateCohort, setCohortArchived } from "./lifecycle.server";
import { cohortSessionList, createSession, moduleReleaseMap, parseLocalDateTime, saveModuleReleases, toLocalDateTime } from "./schedule.server";

describe("duplicate and archive", () => {
  it("duplicates a cohort with its rules, trainers, sessions and opening dates shifted to the new start; no members", () => {
    const db = createTestDb();
    const lead = insertUser(db, { role: "trainer" });
    const co = insertUser(db, { role: "trainer" });
    const from = createCohort(db, lead, cohortInput("shp-foundations", { minAttendancePercent: 75 }), [co.id]);
    createSession(db, from.id, {
      title: "Day 1",
      startsAt: parseLocalDateTime("2026-03-03T09:00")!,
      endsAt: parseLocalDateTime("2026-03-03T12:00")!,
      place: "Room 1",
      onlineUrl: "",
      facilitator: "",
    });
    const form = new FormData();
    form.set("release-m1", "2026-03-04");
    saveModuleReleases(db, from.id, ["m1"], form);
    joinCohort(db, from.id, insertUser(db).id);
    const out = duplicateCohort(db, lead, from.id, "2026-06-10", "NHI claims, June");
    if (!out.ok) throw new Error(out.reason);
    const c = out.cohort;
    expect([c.title, c.startsOn, c.endsOn, c.courseSlug]).toEqual(["NHI claims, June", "2026-06-10", "2026-06-12", "shp-foundations"]);
    expect(c.completionRules).toEqual(from.completionRules);
    expect(c.joinCode).not.toBe(from.joinCode);
    expect(
      cohortTrainerList(db, c.id)
        .map((t) => [t.id, t.role])
        .sort(),
    ).toEqual(
      cohortTrainerList(db, from.id)
        .map((t) => [t.id, t.role])
        .sort(),
    );
    const [s] = cohortSessionList(db, c.id);
    expect(s!.startsAt).toBe(parseLocalDateTime("2026-06-10T09:00"));
    expect(s!.checkinCode).not.toBe(cohortSessionList(db, from.id)[0]!.checkinCode);
    expect(moduleReleaseMap(db, c.id).get("m1")).toBe("2026-06-11");
    expect(memberCohorts(db, lead.id)).toEqual([]);
    expect(duplicateCohort(db, lead, from.id, "2026-02-30", "x")).toEqual({ ok: false, reason: "date" });
    expect(duplicateCohort(db, lead, "nope", "2026-06-10", "x")).toEqual({ ok: false, reason: "not-found" });
  });

  it("keeps a session's wall-clock time across a daylight-saving change in the workshop's zone (Europe/Berlin)", () => {
    const db = createTestDb();
    const lead = insertUser(db, { role: "trainer" });
    const zone = "Europe/Berlin";
    // Winter time (UTC+1) → summer time (UTC+2): the clocks change on 29 March 2026.
    const from = createCohort(db, lead, cohortInput("shp-foundations", { startsOn: "2026-03-03", endsOn: "2026-03-05", timeZone: zone }), []);
    createSession(db, from.id, {
      title: "Day 1",
      startsAt: parseLocalDateTime("2026-03-03T09:00", zone)!,
      endsAt: parseLocalDateTime("2026-03-03T16:30", zone)!,
      place: "",
      onlineUrl: "",
      facilitator: "",
    });
    const out = duplicateCohort(db, lead, from.id, "2026-04-07", "April");
    if (!out.ok) throw new Error(out.reason);
    const [s] = cohortSessionList(db, out.cohort.id);
    expect([toLocalDateTime(s!.startsAt, zone), toLocalDateTime(s!.endsAt, zone)]).toEqual(["2026-04-07T09:00", "2026-04-07T16:30"]);
  });

  it("an archived cohort leaves the trainer's list and the move targets, and stays for its members", () => {
    const db = createTestDb();
    const lead = insertUser(db, { role: "trainer" });
    const a = createCohort(db, lead, cohortInput("shp-foundations"), []);
    const b = createCohort(db, lead, cohortInput("shp-foundations", { title: "Other" }), []);
    const member = insertUser(db);
    joinCohort(db, a.id, member.id);
    expect(setCohortArchived(db, lead, a.id, true)).toBe(true);
    expect(cohortsForTrainer(db, lead).map((c) => c.id)).toEqual([b.id]);
    expect(cohortsForTrainer(db, lead, { archived: true }).map((c) => c.id)).toEqual([a.id]);
    expect(moveTargets(db, lead, b).map((c) => c.id)).toEqual([]);
    expect(memberCohorts(db, member.id).map((c) => c.id)).toEqual([a.id]);
    setCohortArchived(db, lead, a.id, false);
    expect(
      cohortsForTrainer(db, lead)
        .map((c) => c.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
  });
});
