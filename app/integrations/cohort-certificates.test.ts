import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { certificates, users } from "#db/schema";
import { manageCertificate } from "#app/certificates/admin.server";
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
  const session = createSession(db, cohort.id, {
    title: "Day 1",
    startsAt: Date.UTC(2026, 2, 3, 1),
    endsAt: Date.UTC(2026, 2, 3, 9),
    place: "",
    onlineUrl: "",
    facilitator: "",
  });
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

  it("attack: a trainer cannot re-issue a certificate under a name of their choosing; the holder's own profile name is used", () => {
    const { db, trainer, learner, cohort, session } = setup();
    const form = new FormData();
    form.append(`status-${learner.id}`, "present");
    saveSessionRegister(db, {
      markedBy: trainer.id,
      cohortId: cohort.id,
      courseSlug: "shp-foundations",
      sessionId: session.id,
      form,
      now: Date.UTC(2026, 2, 3, 2),
    });
    const cert = db.select().from(certificates).where(eq(certificates.userId, learner.id)).get()!;
    // Nothing to correct: the printed name is the profile name.
    expect(manageCertificate(db, trainer, { intent: "reissue", code: cert.code, holderName: "Mallory Forged" })).toEqual({ ok: false, reason: "no-change" });
    expect(
      db
        .select()
        .from(certificates)
        .all()
        .map((c) => c.holderName),
    ).not.toContain("Mallory Forged");
    // The holder corrects their profile name; the trainer's re-issue prints exactly that.
    db.update(users).set({ name: "ສົມສະໄໝ ພົມມະຈັນທາ" }).where(eq(users.id, learner.id)).run();
    const r = manageCertificate(db, trainer, { intent: "reissue", code: cert.code, holderName: "Mallory Forged" });
    expect(r.ok).toBe(true);
    expect(
      db
        .select()
        .from(certificates)
        .all()
        .map((c) => c.holderName)
        .sort(),
    ).toEqual(["ສົມສະໄໝ ພົມມະຈັນ", "ສົມສະໄໝ ພົມມະຈັນທາ"].sort());
    // An administrator may still type a corrected name (e.g. a transliteration the holder asked for).
    const admin = insertUser(db, { role: "admin" });
    const live = db
      .select()
      .from(certificates)
      .all()
      .find((c) => c.replacedAt === null)!;
    expect(manageCertificate(db, admin, { intent: "reissue", code: live.code, holderName: "Somsamai Phommachanta" })).toMatchObject({ ok: true });
  });

  it("the name in Latin letters is taken from the profile at issuance, and correcting only it lets the trainer re-issue", () => {
    const { db, trainer, learner, cohort, session } = setup();
    db.update(users).set({ nameLatin: "Somsamai Phommachan" }).where(eq(users.id, learner.id)).run();
    const form = new FormData();
    form.append(`status-${learner.id}`, "present");
    saveSessionRegister(db, {
      markedBy: trainer.id,
      cohortId: cohort.id,
      courseSlug: "shp-foundations",
      sessionId: session.id,
      form,
      now: Date.UTC(2026, 2, 3, 2),
    });
    const cert = db.select().from(certificates).where(eq(certificates.userId, learner.id)).get()!;
    expect(cert.holderNameLatin).toBe("Somsamai Phommachan");
    // A later profile change does not alter the issued certificate.
    db.update(users).set({ nameLatin: "Somsamai Phommachanh" }).where(eq(users.id, learner.id)).run();
    expect(db.select().from(certificates).where(eq(certificates.id, cert.id)).get()!.holderNameLatin).toBe("Somsamai Phommachan");
    // The name is unchanged but its Latin spelling was corrected: that is a change, and the re-issue carries it.
    const r = manageCertificate(db, trainer, { intent: "reissue", code: cert.code });
    expect(r).toMatchObject({ ok: true });
    const live = db
      .select()
      .from(certificates)
      .all()
      .find((c) => c.replacedAt === null)!;
    expect(live).toMatchObject({ holderName: "ສົມສະໄໝ ພົມມະຈັນ", holderNameLatin: "Somsamai Phommachanh" });
    expect(manageCertificate(db, trainer, { intent: "reissue", code: live.code })).toEqual({ ok: false, reason: "no-change" });
  });
});
