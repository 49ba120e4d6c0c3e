import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, certificates, cohortSessions, evaluationRequests, type users, type Sex, type ConstituentGroup } from "#db/schema";
import type { Db } from "#db/client";
import { createCohort, joinCohort } from "#app/cohorts/cohorts.server";
import { evaluateCohortCompletion } from "#app/cohorts/completion.server";
import "#app/integrations/cohort-certificates.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { cohortInput } from "#tests/helpers/cohorts";
import { formOf } from "#tests/helpers/route";
import {
  addExtraQuestion,
  cohortFormKey,
  cohortRequestsFor,
  dueEvaluationMessages,
  formQuestions,
  markEvaluationMessageSent,
  openRequestsFor,
  questionsEditable,
  setCommentHidden,
  submitEvaluation,
} from "./evaluation.server";
import { buildEvaluationResults } from "./results.server";
import { issueCertificate } from "#app/certificates/certificates.server";
import { env } from "#app/env.server";
import { runDueJobs } from "#app/jobs/queue.server";
import { runScheduledProducers } from "#app/jobs/runner.server";
import "#app/notifications/evaluation-messages.server";

const COURSE = "shp-foundations";
const DAY = 86_400_000;
// The demo-style workshop (3–5 March 2026, no sessions) opens its evaluation on 5 March, Vientiane time.
const AFTER = Date.parse("2026-03-06T03:00:00Z");

const GOOD = {
  "q-relevance": "5",
  "q-content": "4",
  "q-trainers": "5",
  "q-organisation": "3",
  "q-pace": "4",
  "q-overall": "4",
  "q-recommend": "0",
  "q-apply": "The benefit package costing method",
  "q-comments": "",
};

function workshop(rules: Partial<Parameters<typeof cohortInput>[1]> = {}) {
  const db = createTestDb();
  const trainer = insertUser(db, { role: "trainer" });
  const cohort = createCohort(db, trainer, cohortInput(COURSE, rules), []);
  return { db, trainer, cohort };
}

function participant(db: Db, cohortId: string, profile: { sex?: Sex; constituentGroup?: ConstituentGroup } = {}) {
  const user = insertUser(db, { sex: profile.sex ?? "woman", constituentGroup: profile.constituentGroup ?? "government" });
  joinCohort(db, cohortId, user.id);
  return user;
}

/** A workshop on 10–11 December 2026 whose last session starts at `last`: its evaluation opens then. */
function workshopWithLastSession() {
  const { db, trainer, cohort } = workshop({ startsOn: "2026-12-10", endsOn: "2026-12-11" });
  const last = Date.parse("2026-12-11T02:00:00Z");
  db.insert(cohortSessions)
    .values({ id: "s-last", cohortId: cohort.id, title: "Day 2", startsAt: last, endsAt: last + 8 * 3600_000, checkinCode: "LST123" })
    .run();
  return { db, trainer, cohort, last };
}

/** The job runner's tick at `now`: scheduled producers, then the jobs due (the hourly request sweep among them). */
async function runnerTick(db: Db, now: number) {
  runScheduledProducers(db, now);
  await runDueJobs(db, { workerId: "test", now: () => now });
}

function answer(db: Db, user: typeof users.$inferSelect, answers: Record<string, string> = GOOD, shareProfile = true, now = AFTER) {
  const [req] = openRequestsFor(db, user.id, "en", now).filter((r) => r.kind === "evaluation");
  expect(req, "an open evaluation").toBeDefined();
  return submitEvaluation(db, { user, requestId: req!.id, form: formOf(answers), shareProfile, now });
}

describe("evaluation: anonymous by construction", () => {
  it("no column of the response tables names a person, membership, request or session, and none holds a time", () => {
    const db = createTestDb();
    const forbidden = /user|member|request|session|actor|email|name|_at$|_on$|time|date|day|created|updated/i;
    for (const table of ["evaluation_responses", "evaluation_answers"]) {
      const cols = db.$client.prepare(`pragma table_info(${table})`).all() as { name: string; type: string }[];
      expect(cols.length).toBeGreaterThan(0);
      for (const c of cols) expect(c.name, `${table}.${c.name}`).not.toMatch(forbidden);
      const fks = db.$client.prepare(`pragma foreign_key_list(${table})`).all() as { table: string }[];
      for (const fk of fks) expect(fk.table, `${table} references`).toBe("evaluation_responses");
    }
    // The "who" side keeps only the day of the response: nothing finer to line up with anything.
    const reqCols = db.$client.prepare("pragma table_info(evaluation_requests)").all() as { name: string }[];
    expect(reqCols.map((c) => c.name)).toContain("responded_on");
    expect(reqCols.map((c) => c.name)).not.toContain("responded_at");
  });

  it("after real submissions nothing re-links a response: day-only on the request, no time and random ids on the response", () => {
    const { db, cohort } = workshop();
    const people = Array.from({ length: 12 }, () => participant(db, cohort.id));
    const idsInOrder: number[] = [];
    for (const p of people) {
      const before = new Set(db.$client.prepare("select id from evaluation_responses").pluck().all() as number[]);
      expect(answer(db, p).ok).toBe(true);
      const added = (db.$client.prepare("select id from evaluation_responses").pluck().all() as number[]).filter((id) => !before.has(id));
      expect(added).toHaveLength(1);
      idsInOrder.push(added[0]!);
    }
    // Row ids are random, not in the order of submission (12 sorted by chance: 1 in 479 million).
    expect([...idsInOrder].sort((a, b) => a - b)).not.toEqual(idsInOrder);
    const requests = db
      .select()
      .from(evaluationRequests)
      .where(eq(evaluationRequests.formKey, cohortFormKey(cohort.id, "evaluation")))
      .all();
    for (const r of requests) expect(r.respondedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Every value stored on the response side: none is a person's id or e-mail, or a time.
    const stored = JSON.stringify(db.$client.prepare("select * from evaluation_responses r join evaluation_answers a on a.response_id = r.id").all());
    for (const p of people) {
      expect(stored).not.toContain(p.id);
      expect(stored).not.toContain(p.email);
    }
    expect(stored).not.toMatch(/\b1[7-9]\d{11}\b/); // no millisecond timestamp
    // Submitting wrote no audit row naming the respondent (a certificate issue would; these rules issue none).
    const audit = db.select().from(auditLog).all();
    expect(JSON.stringify(audit)).not.toContain("evaluation");
  });

  it("one response per participant: a second submission is refused and changes nothing", () => {
    const { db, cohort } = workshop();
    const p = participant(db, cohort.id);
    expect(answer(db, p).ok).toBe(true);
    const [req] = db
      .select()
      .from(evaluationRequests)
      .where(and(eq(evaluationRequests.userId, p.id), eq(evaluationRequests.kind, "evaluation")))
      .all();
    const again = submitEvaluation(db, { user: p, requestId: req!.id, form: formOf(GOOD), shareProfile: true, now: AFTER });
    expect(again).toEqual({ ok: false, reason: "already" });
    expect(db.$client.prepare("select count(*) from evaluation_responses").pluck().get()).toBe(1);
    // Another person's request is not theirs to answer.
    const other = participant(db, cohort.id);
    expect(submitEvaluation(db, { user: other, requestId: req!.id, form: formOf(GOOD), shareProfile: true, now: AFTER })).toEqual({
      ok: false,
      reason: "not-found",
    });
  });

  it("bad answers get per-question errors and store nothing", () => {
    const { db, cohort } = workshop();
    const p = participant(db, cohort.id);
    const result = answer(db, p, { ...GOOD, "q-relevance": "9", "q-content": "", "q-recommend": "7", "q-apply": "x".repeat(2001) });
    expect(result).toMatchObject({ ok: false, reason: "invalid", errors: { relevance: "range", content: "required", recommend: "range", apply: "tooLong" } });
    expect(db.$client.prepare("select count(*) from evaluation_responses").pluck().get()).toBe(0);
    expect(db.$client.prepare("select count(*) from evaluation_requests where responded_on is not null").pluck().get()).toBe(0);
  });

  it("sex and group are stored only when the respondent agrees", () => {
    const { db, cohort } = workshop();
    expect(answer(db, participant(db, cohort.id, { sex: "man", constituentGroup: "workers" }), GOOD, false).ok).toBe(true);
    expect(db.$client.prepare("select sex, constituent_group from evaluation_responses").get()).toEqual({ sex: "undisclosed", constituent_group: null });
  });
});

describe("evaluation: when it opens", () => {
  it("a workshop's evaluation opens at its last session's start; nothing is asked before", async () => {
    const { db, cohort, last } = workshopWithLastSession();
    const p = participant(db, cohort.id);
    await runnerTick(db, last - 1);
    expect(openRequestsFor(db, p.id, "en", last - 1)).toEqual([]);
    expect(dueEvaluationMessages(db, last - 1)).toEqual([]);
    await runnerTick(db, last);
    const open = openRequestsFor(db, p.id, "en", last);
    expect(open.map((r) => r.kind)).toEqual(["evaluation"]);
    expect(open[0]!.dueAt).toBe(last);
  });

  it("a trainer may add questions until it opens, not after; added questions are asked and optional", async () => {
    const { db, trainer, cohort } = workshop({ startsOn: "2026-12-10", endsOn: "2026-12-11" });
    const before = Date.parse("2026-12-08T00:00:00Z");
    expect(questionsEditable(db, cohort, "evaluation", before)).toBe(true);
    expect(
      addExtraQuestion(db, trainer, cohort, "evaluation", { type: "choice", label: "Which day was most useful?", options: "Day 1\nDay 2" }, before),
    ).toEqual({
      ok: true,
    });
    expect(addExtraQuestion(db, trainer, cohort, "evaluation", { type: "choice", label: "One option only", options: "Day 1" }, before)).toEqual({
      ok: false,
      reason: "options",
    });
    expect(addExtraQuestion(db, trainer, cohort, "evaluation", { type: "robot", label: "?", options: "" }, before)).toEqual({ ok: false, reason: "type" });
    const after = Date.parse("2026-12-12T00:00:00Z");
    expect(addExtraQuestion(db, trainer, cohort, "evaluation", { type: "text", label: "Too late", options: "" }, after)).toEqual({
      ok: false,
      reason: "locked",
    });
    const qs = formQuestions(db, { key: cohortFormKey(cohort.id, "evaluation"), kind: "evaluation", cohortId: cohort.id, courseSlug: COURSE });
    const extra = qs.find((q) => q.label === "Which day was most useful?")!;
    expect(extra).toMatchObject({ type: "choice", options: ["Day 1", "Day 2"], required: false });
    const p = participant(db, cohort.id);
    await runnerTick(db, after);
    expect(answer(db, p, { ...GOOD, [`q-${extra.id}`]: "1" }, true, after).ok).toBe(true);
    expect(db.$client.prepare("select value_num from evaluation_answers where question_id = ?").pluck().get(extra.id)).toBe(1);
  });
});

describe("evaluation: the optional completion rule", () => {
  it("'evaluation submitted' is met by answering, and the certificate is issued in the same transaction", () => {
    const { db, cohort } = workshop({ allModules: false, finalPass: false, minAttendancePercent: null, evaluationSubmitted: true });
    const p = participant(db, cohort.id);
    const rule = () => evaluateCohortCompletion(db, cohort.id, p.id, undefined, AFTER).rules.find((r) => r.rule === "evaluationSubmitted");
    expect(rule()?.met).toBe(false);
    expect(db.select().from(certificates).where(eq(certificates.userId, p.id)).all()).toHaveLength(0);
    expect(answer(db, p).ok).toBe(true);
    expect(rule()?.met).toBe(true);
    expect(db.select().from(certificates).where(eq(certificates.userId, p.id)).all()).toHaveLength(1);
  });
});

describe("evaluation: messages for the notifier", () => {
  it("requests once, one reminder for an unanswered evaluation, the follow-up after FOLLOWUP_AFTER_DAYS", () => {
    const { db, cohort } = workshop();
    const p = participant(db, cohort.id);
    const first = dueEvaluationMessages(db, AFTER);
    expect(first).toEqual([
      expect.objectContaining({ userId: p.id, kind: "evaluation-request", title: cohort.title, url: expect.stringMatching(/\/me\/evaluations\/\d+$/) }),
    ]);
    markEvaluationMessageSent(db, first[0]!.requestId, "evaluation-request", AFTER);
    expect(dueEvaluationMessages(db, AFTER + DAY)).toEqual([]);
    const reminder = dueEvaluationMessages(db, AFTER + 7 * DAY);
    expect(reminder.map((m) => m.kind)).toEqual(["evaluation-reminder"]);
    markEvaluationMessageSent(db, reminder[0]!.requestId, "evaluation-reminder", AFTER + 7 * DAY);
    markEvaluationMessageSent(db, reminder[0]!.requestId, "evaluation-reminder", AFTER + 8 * DAY); // idempotent
    expect(dueEvaluationMessages(db, AFTER + 30 * DAY)).toEqual([]);
    const followup = dueEvaluationMessages(db, AFTER + 91 * DAY);
    expect(followup.map((m) => m.kind)).toEqual(["followup-request"]);
    // Answered evaluations are never reminded.
    const q = participant(db, cohort.id);
    const msg = dueEvaluationMessages(db, AFTER).find((m) => m.userId === q.id)!;
    markEvaluationMessageSent(db, msg.requestId, "evaluation-request", AFTER);
    expect(answer(db, q).ok).toBe(true);
    expect(dueEvaluationMessages(db, AFTER + 8 * DAY).filter((m) => m.userId === q.id)).toEqual([]);
  });

  it("a self-paced certificate holder is asked about the course", () => {
    const db = createTestDb();
    const p = insertUser(db);
    issueCertificate(db, { userId: p.id, courseSlug: COURSE, holderName: p.name, locale: "en", achievedOn: AFTER, now: AFTER });
    const open = openRequestsFor(db, p.id, "en", AFTER + 1);
    expect(open.map((r) => [r.kind, r.cohortId, r.courseSlug])).toEqual([["evaluation", null, COURSE]]);
    const r = submitEvaluation(db, {
      user: p,
      requestId: open[0]!.id,
      form: formOf({ "q-relevance": "4", "q-content": "4", "q-pace": "3", "q-overall": "4", "q-recommend": "1" }),
      shareProfile: true,
      now: AFTER + 2,
    });
    expect(r.ok).toBe(true);
  });
});

describe("evaluation: requests come from the writes and the runner, never from a page", () => {
  const requestsOf = (db: Db, userId: string) =>
    db
      .select({ kind: evaluationRequests.kind, dueAt: evaluationRequests.dueAt })
      .from(evaluationRequests)
      .where(eq(evaluationRequests.userId, userId))
      .orderBy(evaluationRequests.kind)
      .all();

  it("joining a workshop whose evaluation has opened creates the person's requests in the joining write", () => {
    const { db, cohort } = workshop();
    const p = participant(db, cohort.id);
    expect(requestsOf(db, p.id).map((r) => r.kind)).toEqual(["evaluation", "followup"]);
  });

  it("a self-paced certificate creates the course's requests in the issuing write", () => {
    const db = createTestDb();
    const p = insertUser(db);
    issueCertificate(db, { userId: p.id, courseSlug: COURSE, holderName: p.name, locale: "en", achievedOn: AFTER, now: AFTER });
    expect(requestsOf(db, p.id)).toEqual([
      { kind: "evaluation", dueAt: AFTER },
      { kind: "followup", dueAt: AFTER + env.FOLLOWUP_AFTER_DAYS * DAY },
    ]);
  });

  it("a workshop's evaluation opening later: the hourly job schedules the opening, and the request appears then, without any page", async () => {
    const { db, cohort, last } = workshopWithLastSession();
    const p = participant(db, cohort.id);
    expect(requestsOf(db, p.id)).toEqual([]);
    // The runner's tick half an hour before the opening: nothing is due yet.
    runScheduledProducers(db, last - 1800_000);
    await runDueJobs(db, { workerId: "w", now: () => last - 1800_000 });
    expect(requestsOf(db, p.id)).toEqual([]);
    // At the opening, the job the hourly sweep left for it runs.
    await runDueJobs(db, { workerId: "w", now: () => last });
    expect(requestsOf(db, p.id).map((r) => r.kind)).toEqual(["evaluation", "followup"]);
  });

  it("the pages' reads write nothing", () => {
    const { db, cohort } = workshop();
    const p = participant(db, cohort.id);
    db.delete(evaluationRequests).run();
    expect(openRequestsFor(db, p.id, "en", AFTER)).toEqual([]);
    expect(cohortRequestsFor(db, p.id, cohort.id, AFTER)).toEqual([]);
    expect(requestsOf(db, p.id)).toEqual([]);
  });
});

describe("evaluation: results", () => {
  it("fewer responses than the threshold: nothing but counts", () => {
    const { db, cohort } = workshop();
    for (let i = 0; i < 4; i++) answer(db, participant(db, cohort.id));
    const r = buildEvaluationResults(db, { kind: "all" }, { kind: "evaluation", cohortId: cohort.id }, { threshold: 5 });
    expect(r).toMatchObject({ responses: 4, requested: 4, suppressed: true, questions: [], comments: [] });
  });

  it("distribution and mean per question; by sex and group only in cells of at least the threshold, with complements hidden", () => {
    const { db, cohort } = workshop();
    // 8 women in government rate relevance 5; 6 men in workers rate 3; 2 women employers rate 1.
    for (let i = 0; i < 8; i++) answer(db, participant(db, cohort.id, { sex: "woman", constituentGroup: "government" }), { ...GOOD, "q-relevance": "5" });
    for (let i = 0; i < 6; i++) answer(db, participant(db, cohort.id, { sex: "man", constituentGroup: "workers" }), { ...GOOD, "q-relevance": "3" });
    for (let i = 0; i < 2; i++) answer(db, participant(db, cohort.id, { sex: "woman", constituentGroup: "employers" }), { ...GOOD, "q-relevance": "1" });
    const r = buildEvaluationResults(db, { kind: "all" }, { kind: "evaluation", cohortId: cohort.id }, { threshold: 5 });
    expect(r.suppressed).toBe(false);
    const relevance = r.questions.find((q) => q.question.id === "relevance")!;
    expect(relevance.n).toBe(16);
    expect(relevance.counts).toEqual([2, 0, 6, 0, 8]);
    expect(relevance.mean).toBeCloseTo((8 * 5 + 6 * 3 + 2) / 16);
    const woman = relevance.bySex[r.sexes.indexOf("woman")]!;
    expect(woman).toMatchObject({ s: "ok", n: 10 });
    expect(woman.v).toBeCloseTo(42 / 10);
    // The 2 employers are a small cell; a second group is hidden so they cannot be worked out by subtraction.
    const employers = relevance.byGroup[r.groups.indexOf("employers")]!;
    expect(employers).toEqual({ v: null, n: null, s: "small" });
    const hidden = relevance.byGroup.filter((c) => c.s === "hidden");
    expect(hidden.length).toBeGreaterThanOrEqual(1);
    // Choice question: the distribution of options.
    expect(r.questions.find((q) => q.question.id === "recommend")!.counts).toEqual([16, 0, 0]);
    // Comments listed (one text question answered by everyone).
    expect(r.comments.filter((c) => c.questionId === "apply")).toHaveLength(16);
  });

  it("a trainer of the workshop can hide an abusive comment (audited); another trainer cannot", () => {
    const { db, trainer, cohort } = workshop();
    for (let i = 0; i < 5; i++) answer(db, participant(db, cohort.id), { ...GOOD, "q-comments": i === 0 ? "You are all idiots" : "Useful" });
    const results = () => buildEvaluationResults(db, { kind: "cohorts", cohortIds: [cohort.id] }, { kind: "evaluation" }, { threshold: 5 });
    const abusive = results().comments.find((c) => c.text === "You are all idiots")!;
    const stranger = insertUser(db, { role: "trainer" });
    expect(setCommentHidden(db, stranger, { responseId: abusive.responseId, questionId: "comments", hidden: true })).toBe(false);
    expect(setCommentHidden(db, trainer, { responseId: abusive.responseId, questionId: "comments", hidden: true })).toBe(true);
    expect(results().comments.find((c) => c.responseId === abusive.responseId && c.questionId === "comments")!.hidden).toBe(true);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "evaluation.comment-hide")).all();
    expect(audit).toEqual([expect.objectContaining({ actorId: trainer.id, subject: `evaluation-response:${abusive.responseId}` })]);
    // A trainer's scope never reaches another workshop's responses.
    expect(buildEvaluationResults(db, { kind: "cohorts", cohortIds: ["nope"] }, { kind: "evaluation" }, { threshold: 5 }).responses).toBe(0);
  });
});
