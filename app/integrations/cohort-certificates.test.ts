import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { certificates } from "#db/schema";
import { certificateScope } from "#app/certificates/certificates.server";
import { describeCohort } from "#app/certificates/rules.server";
import { createCohort, joinCohort } from "#app/cohorts/cohorts.server";
import { createSession } from "#app/cohorts/schedule.server";
import { saveSessionRegister, settlePeople } from "#app/learning/achievements.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import "./cohort-certificates.server";

// A participation certificate for a workshop that counts attendance only, on the real course.
function setup() {
  const db = createTestDb();
  const trainer = insertUser(db, { role: "trainer" });
  const otherTrainer = insertUser(db, { role: "trainer" });
  const learner = insertUser(db, { name: "ສົມສະໄໝ ພົມມະຈັນ" });
  const cohort = createCohort(
    db,
    trainer,
    {
      courseSlug: "shp-foundations",
      title: "NHI claims management — Vientiane",
      description: "",
      startsOn: "2026-03-03",
      endsOn: "2026-03-05",
      mode: "in_person",
      venue: "Vientiane",
      locale: "lo",
      timeZone: "Asia/Vientiane",
      capacity: null,
      enrolment: "code",
      allModules: false,
      finalPass: false,
      minAttendancePercent: 100,
      certificateKind: "participation",
      coTrainers: "",
    },
    [],
  );
  joinCohort(db, cohort.id, learner.id);
  const session = createSession(db, cohort.id, { title: "Day 1", startsAt: Date.UTC(2026, 2, 3, 1), endsAt: Date.UTC(2026, 2, 3, 9), place: "", onlineUrl: "", facilitator: "" });
  return { db, trainer, otherTrainer, learner, cohort, session };
}

describe("cohort certificates", () => {
  it("are issued when attendance meets the cohort's rule, once, as the cohort's kind", () => {
    const { db, trainer, learner, cohort, session } = setup();
    settlePeople(db, { userIds: [learner.id], courseSlug: "shp-foundations", via: "test" });
    expect(db.select().from(certificates).all()).toHaveLength(0);

    const form = new FormData();
    form.append(`status-${learner.id}`, "present");
    const after = Date.UTC(2026, 2, 3, 2);
    saveSessionRegister(db, { markedBy: trainer.id, cohortId: cohort.id, courseSlug: "shp-foundations", sessionId: session.id, form, now: after });
    saveSessionRegister(db, { markedBy: trainer.id, cohortId: cohort.id, courseSlug: "shp-foundations", sessionId: session.id, form, now: after });
    settlePeople(db, { userIds: [learner.id], courseSlug: "shp-foundations", via: "test" });
    const rows = db.select().from(certificates).where(eq(certificates.userId, learner.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cohortId: cohort.id, kind: "participation", holderName: "ສົມສະໄໝ ພົມມະຈັນ" });
    expect(describeCohort(db, cohort.id)).toMatchObject({ title: "NHI claims management — Vientiane", venue: "Vientiane" });
  });

  it("lets a trainer manage only the certificates of cohorts they train", () => {
    const { db, trainer, otherTrainer, cohort } = setup();
    expect(certificateScope(db, trainer)).toEqual({ all: false, cohortIds: [cohort.id] });
    expect(certificateScope(db, otherTrainer)).toEqual({ all: false, cohortIds: [] });
  });
});
