import path from "node:path";
import { describe, expect, it, afterEach } from "vitest";
import { eq } from "drizzle-orm";
import { loadCatalog } from "#app/content/catalog.server";
import { markLessonIncomplete } from "#app/learning/progress.server";
import { auditLog, certificates } from "#db/schema";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { openAndCompleteLesson, takeFinal } from "#tests/helpers/learning";
import {
  certificateStatus,
  findCertificateByCode,
  issueCohortIfEligible,
  issueCertificate,
  issueIfEligible,
  reissueCertificate,
  revokeCertificate,
  searchCertificates,
} from "./certificates.server";
import { codeCandidates, formatCode, normaliseCode } from "./codes";
import { allowVerifyLookup } from "./present.server";
import { RULES } from "#app/auth/rate-limit.server";
const VERIFY_RULE = RULES.verifyPerIp;
import { evaluateSelfPaced } from "./rules";
import { evaluateCertificateRules, registerCohortRules, selfPacedRules } from "./rules.server";

const catalog = loadCatalog(path.resolve("tests/fixtures/content"));
const course = catalog.bySlug.get("demo-course")!;
const lessons = course.lessons.map((l) => l.key);

describe("self-paced rule evaluation (pure)", () => {
  const final = { passed: false, bestPercent: null, attempts: 0, passMark: 60, maxAttempts: 2 };

  it("reports each rule and what is missing", () => {
    const r = evaluateSelfPaced({ lessonKeys: ["a", "b", "c"], completedLessons: new Set(["a"]), final });
    expect(r.met).toBe(false);
    expect(r.rules).toEqual([
      { id: "lessons-complete", met: false, detail: { done: 1, total: 3, missing: 2 } },
      { id: "final-passed", met: false, detail: { bestPercent: null, passMark: 60, attempts: 0, attemptsLeft: 2 } },
    ]);
  });

  it("needs every lesson AND a passed final", () => {
    const all = new Set(["a", "b"]);
    expect(evaluateSelfPaced({ lessonKeys: ["a", "b"], completedLessons: all, final }).met).toBe(false);
    expect(evaluateSelfPaced({ lessonKeys: ["a", "b"], completedLessons: new Set(["a"]), final: { ...final, passed: true } }).met).toBe(false);
    const ok = evaluateSelfPaced({ lessonKeys: ["a", "b"], completedLessons: all, final: { ...final, passed: true, bestPercent: 80, attempts: 2 } });
    expect(ok.met).toBe(true);
    expect(ok.rules[1]!.detail).toMatchObject({ attemptsLeft: 0, bestPercent: 80 });
  });

  it("ignores completions of lessons no longer in the course, and never qualifies an empty course", () => {
    expect(evaluateSelfPaced({ lessonKeys: ["a"], completedLessons: new Set(["old", "a"]), final: null }).rules[0]!.detail).toEqual({
      done: 1,
      total: 1,
      missing: 0,
    });
    expect(evaluateSelfPaced({ lessonKeys: [], completedLessons: new Set(), final: null }).met).toBe(false);
  });

  it("without a final assessment, lessons alone decide; unlimited attempts report no count left", () => {
    expect(evaluateSelfPaced({ lessonKeys: ["a"], completedLessons: new Set(["a"]), final: null })).toMatchObject({
      met: true,
      rules: [{ id: "lessons-complete" }],
    });
    expect(evaluateSelfPaced({ lessonKeys: ["a"], completedLessons: new Set(), final: { ...final, maxAttempts: 0 } }).rules[1]!.detail.attemptsLeft).toBeNull();
  });
});

describe("codes", () => {
  it("are 16 base32 characters in groups of four, and read back however they are typed", () => {
    const code = formatCode(new Uint8Array([0, 1, 2, 3, 4, 250, 251, 252, 253, 255]));
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(normaliseCode(code.toLowerCase().replaceAll("-", " "))).toBe(code);
    expect(normaliseCode(` ${code.replaceAll("-", "")} `)).toBe(code);
    expect(codeCandidates("ABCD-EFGH-IJKL-MN01")).toEqual(["ABCD-EFGH-IJKL-MN01", "ABCD-EFGH-IJKL-MNOI"]); // 0 and 1 typed for O and I
    expect(codeCandidates("ABCD-EFGH-IJKL-MN09")).toEqual(["ABCD-EFGH-IJKL-MN09"]); // only an old demo code can hold a 9
    expect(normaliseCode("ABCD")).toBeNull();
    expect(normaliseCode("'; drop table certificates; --")).toBeNull();
  });
});

describe("rules against the database", () => {
  it("follow lesson completions and the real final assessment", () => {
    const db = createTestDb();
    const user = insertUser(db);
    expect(selfPacedRules(db, user.id, course).met).toBe(false);
    for (const k of lessons) openAndCompleteLesson(db, user.id, course.slug, k, 1_000);
    let r = selfPacedRules(db, user.id, course);
    expect(r.rules.map((x) => [x.id, x.met])).toEqual([
      ["lessons-complete", true],
      ["final-passed", false],
    ]);
    expect(takeFinal(db, user.id, course, false)).toMatchObject({ ok: true, passed: false });
    expect(selfPacedRules(db, user.id, course).rules[1]!.detail).toMatchObject({ attempts: 1, attemptsLeft: 1, bestPercent: 0 });
    expect(takeFinal(db, user.id, course, true)).toMatchObject({ ok: true, passed: true });
    r = selfPacedRules(db, user.id, course);
    expect(r.met).toBe(true);
    expect(r.achievedAt).toBeGreaterThan(1_000);
  });

  // The provider is module state: reset it after each test whatever it asserted.
  // eslint-disable-next-line epic-web/prefer-dispose-in-tests
  afterEach(() => registerCohortRules(null));

  it("use the registered cohort provider for a cohort certificate, and are never met without one", () => {
    const db = createTestDb();
    const user = insertUser(db);
    expect(evaluateCertificateRules(db, { userId: user.id, course, cohortId: "c1" })).toMatchObject({ met: false, rules: [{ id: "cohort-rules" }] });
    const seen: string[] = [];
    registerCohortRules((_db, cohortId, userId) => {
      seen.push(`${cohortId}/${userId}`);
      return { met: true, rules: [{ id: "attendance", met: true, detail: { attended: 4, required: 4 } }] };
    });
    expect(evaluateCertificateRules(db, { userId: user.id, course, cohortId: "c1" }).met).toBe(true);
    expect(seen).toEqual([`c1/${user.id}`]);
    // Self-paced certificates never consult the cohort provider.
    expect(evaluateCertificateRules(db, { userId: user.id, course }).met).toBe(false);
  });

  it("issue a cohort certificate through the provider, once", () => {
    const db = createTestDb();
    const user = insertUser(db, { name: "Vilay" });
    let met = false;
    registerCohortRules(() => ({ met, rules: [{ id: "attendance", met, detail: {} }], achievedAt: 42 }));
    expect(issueCohortIfEligible(db, { cohortId: "w1", userId: user.id, courseSlug: "shp-foundations" })).toBeNull();
    met = true;
    const first = issueCohortIfEligible(db, { cohortId: "w1", userId: user.id, courseSlug: "shp-foundations" })!;
    expect(first).toMatchObject({
      created: true,
      certificate: { cohortId: "w1", kind: "participation", achievedOn: 42, achievementKey: `cohort:w1:${user.id}` },
    });
    expect(issueCohortIfEligible(db, { cohortId: "w1", userId: user.id, courseSlug: "shp-foundations" })).toMatchObject({
      created: false,
      certificate: { id: first.certificate.id },
    });
  });
});

describe("issuance", () => {
  it("issues once the rules are met, snapshots name and language, and is idempotent", () => {
    const db = createTestDb();
    const user = insertUser(db, { name: "ສົມສະໄໝ ພົມມະຈັນ", locale: "lo" });
    expect(issueIfEligible(db, user.id, course)).toBeNull();
    for (const k of lessons.slice(0, -1)) openAndCompleteLesson(db, user.id, course.slug, k);
    takeFinal(db, user.id, course, true);
    expect(issueIfEligible(db, user.id, course)).toBeNull();
    openAndCompleteLesson(db, user.id, course.slug, lessons.at(-1)!);
    const first = issueIfEligible(db, user.id, course)!;
    expect(first.created).toBe(true);
    expect(first.certificate).toMatchObject({
      holderName: "ສົມສະໄໝ ພົມມະຈັນ",
      locale: "lo",
      kind: "completion",
      cohortId: null,
      achievementKey: `self:${user.id}:demo-course`,
    });
    const again = issueIfEligible(db, user.id, course)!;
    expect(again).toEqual({ certificate: first.certificate, created: false });
    // Even after un-completing a lesson, the issued certificate stands and no second one appears.
    markLessonIncomplete(db, user.id, course.slug, lessons[0]!);
    expect(issueIfEligible(db, user.id, course)!.certificate.id).toBe(first.certificate.id);
    expect(db.select().from(certificates).all()).toHaveLength(1);
  });

  it("direct issuance for the same achievement returns the existing certificate; the database refuses a second live one", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const input = { userId: user.id, courseSlug: "demo-course", holderName: "A", locale: "en", achievedOn: 1 };
    const a = issueCertificate(db, input);
    const b = issueCertificate(db, { ...input, holderName: "B" });
    expect(b.created).toBe(false);
    expect(b.certificate.code).toBe(a.certificate.code);
    expect(() =>
      db
        .insert(certificates)
        .values({ ...input, code: "AAAA-AAAA-AAAA-AAAA", achievementKey: a.certificate.achievementKey })
        .run(),
    ).toThrow(/UNIQUE/);
    // A cohort certificate for the same course is a different achievement.
    expect(issueCertificate(db, { ...input, cohortId: "w1", kind: "participation" }).created).toBe(true);
  });
});

describe("revocation and re-issue", () => {
  function issued() {
    const db = createTestDb();
    const admin = insertUser(db, { role: "admin" });
    const user = insertUser(db, { name: "Somchai Phommachan", email: "somchai@example.org" });
    const { certificate } = issueCertificate(db, { userId: user.id, courseSlug: "demo-course", holderName: "Somchai Phomachan", locale: "en", achievedOn: 5 });
    return { db, admin, user, certificate };
  }

  it("revokes with a reason, audited, once", () => {
    const { db, admin, certificate } = issued();
    const r = revokeCertificate(db, admin, certificate.code.toLowerCase(), "Issued in error", 9_000);
    expect(r).toMatchObject({ ok: true, certificate: { revokedAt: 9_000, revokedReason: "Issued in error", revokedBy: admin.id } });
    expect(certificateStatus(findCertificateByCode(db, certificate.code)!)).toBe("revoked");
    expect(revokeCertificate(db, admin, certificate.code, "again")).toEqual({ ok: false, reason: "already-revoked" });
    expect(revokeCertificate(db, admin, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "x")).toEqual({ ok: false, reason: "not-found" });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "certificate.revoke")).all()).toMatchObject([
      { actorId: admin.id, subject: `certificate:${certificate.code}`, detail: { reason: "Issued in error" } },
    ]);
    expect(reissueCertificate(db, admin, certificate.code, "X")).toEqual({ ok: false, reason: "revoked" });
  });

  it("re-issues under a corrected name: a new code, the old one replaced and linked", () => {
    const { db, admin, user, certificate } = issued();
    const r = reissueCertificate(db, admin, certificate.code, "Somchai Phommachan");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.certificate).toMatchObject({ holderName: "Somchai Phommachan", achievedOn: 5, achievementKey: certificate.achievementKey });
    expect(r.certificate.code).not.toBe(certificate.code);
    expect(r.previous).toMatchObject({ replacedById: r.certificate.id });
    expect(certificateStatus(r.previous)).toBe("replaced");
    expect(reissueCertificate(db, admin, certificate.code, "Y")).toEqual({ ok: false, reason: "replaced" });
    // Idempotency now points at the new certificate.
    expect(issueCertificate(db, { userId: user.id, courseSlug: "demo-course", holderName: "Z", locale: "en", achievedOn: 1 }).certificate.id).toBe(
      r.certificate.id,
    );
    expect(searchCertificates(db, "phommachan").map((x) => x.certificate.code)).toEqual([r.certificate.code]);
    expect(searchCertificates(db, "somchai@")).toHaveLength(2);
    expect(searchCertificates(db, certificate.code.replaceAll("-", "").toLowerCase()).map((x) => x.certificate.id)).toEqual([certificate.id]);
    expect(searchCertificates(db, "100%_")).toEqual([]);
  });
});

describe("public lookups", () => {
  it("are rate-limited per client IP, generously", () => {
    const db = createTestDb();
    const from = (ip: string) => ip;
    expect(VERIFY_RULE.limit).toBeGreaterThanOrEqual(120);
    for (let i = 0; i < VERIFY_RULE.limit; i++) expect(allowVerifyLookup(db, from("10.0.0.1"))).toBe(true);
    expect(allowVerifyLookup(db, from("10.0.0.1"))).toBe(false);
    expect(allowVerifyLookup(db, from("10.0.0.2"))).toBe(true);
  });
});
