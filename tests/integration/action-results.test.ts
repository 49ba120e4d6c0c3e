/**
 * One way to write an action (hardening, issue 12): every route action that refuses a submission
 * returns the one ActionResult shape of app/forms.server.ts (invalid()) with a 4xx status and a
 * message a person can read in their language; nothing anyone types gives a 500. Each route with an
 * action is called as React Router calls it (tests/helpers/route.ts) against this file's real
 * SQLite database, with bad input, then with junk. A route that gains an action without a case here
 * fails the coverage test; a route that goes back to an ad-hoc `data({ error })` fails the scan.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { User } from "#db/schema";
import { getDb } from "#app/db.server";
import { findCourse } from "#app/content/content.server";
import { createCohort, joinCohort } from "#app/cohorts/cohorts.server";
import { createSession } from "#app/cohorts/schedule.server";
import en from "#app/locales/en";
import lo from "#app/locales/lo";
import vi from "#app/locales/vi";
import { cohortInput } from "#tests/helpers/cohorts";
import { insertUser } from "#tests/helpers/db";
import { callAction, formOf, type RouteResult } from "#tests/helpers/route";
import * as adminCertificates from "#app/routes/admin-certificates";
import * as adminJobs from "#app/routes/admin-jobs";
import * as adminUsers from "#app/routes/admin-users";
import * as assessment from "#app/routes/assessment";
import * as checkin from "#app/routes/checkin";
import * as courseRoute from "#app/routes/course";
import * as forgotPassword from "#app/routes/forgot-password";
import * as join from "#app/routes/join";
import * as language from "#app/routes/language";
import * as lesson from "#app/routes/lesson";
import * as login from "#app/routes/login";
import * as logout from "#app/routes/logout";
import * as me from "#app/routes/me";
import * as meOffline from "#app/routes/me-offline";
import * as meNotifications from "#app/routes/me-notifications";
import * as meNotificationSettings from "#app/routes/me-notification-settings";
import * as moduleQuiz from "#app/routes/module-quiz";
import * as profile from "#app/routes/profile";
import * as mePrivacy from "#app/routes/me-privacy";
import * as adminPrivacy from "#app/routes/admin-privacy";
import * as adminOrganisation from "#app/routes/admin-organisation";
import * as register from "#app/routes/register";
import * as setPassword from "#app/routes/set-password";
import * as announcements from "#app/routes/trainer-cohort-announcements";
import * as importParticipants from "#app/routes/trainer-cohort-import";
import * as newCohort from "#app/routes/trainer-cohort-new";
import * as participants from "#app/routes/trainer-cohort-participants";
import * as attendanceRegister from "#app/routes/trainer-cohort-register";
import * as schedule from "#app/routes/trainer-cohort-schedule";
import * as session from "#app/routes/trainer-cohort-session";
import * as settings from "#app/routes/trainer-cohort-settings";
import * as meEvaluation from "#app/routes/me-evaluation";
import * as cohortEvaluation from "#app/routes/trainer-cohort-evaluation";
import * as evaluationResults from "#app/routes/reports-evaluations";
import { openRequestsFor } from "#app/evaluation/evaluation.server";
import * as unsubscribeRoute from "#app/routes/unsubscribe";
import * as verifyFile from "#app/routes/verify-file";

const db = () => getDb();
const COURSE = "shp-foundations";
const course = findCourse(COURSE)!;
const firstLesson = course.lessons[0]!;
const quizModule = course.modules.find((m) => m.quiz)!;

type ActionModule = Parameters<typeof callAction>[0];
type Setup = { user: User | null; params?: Record<string, string> };
type Case = {
  mod: ActionModule;
  /** Who posts, to which URL parameters (a fresh setup per call: refusals must not depend on order). */
  setup: () => Setup;
  /** A submission the route must refuse with invalid() (absent: the route only redirects). */
  bad?: Record<string, string | string[]>;
  status?: number;
};

const learner = () => insertUser(db());
const trainerCohort = () => {
  const trainer = insertUser(db(), { role: "trainer" });
  const cohort = createCohort(db(), trainer, cohortInput(COURSE, { startsOn: "2026-01-01", endsOn: "2027-12-31" }), []);
  return { trainer, cohort };
};
const asTrainer = (extra: (c: ReturnType<typeof trainerCohort>) => Record<string, string> = () => ({})) => {
  const tc = trainerCohort();
  return { user: tc.trainer, params: { id: tc.cohort.id, ...extra(tc) } };
};
const withSession = (tc: ReturnType<typeof trainerCohort>) => {
  const s = createSession(db(), tc.cohort.id, {
    title: "Day 1",
    startsAt: Date.UTC(2026, 5, 1, 2),
    endsAt: Date.UTC(2026, 5, 1, 4),
    place: "",
    onlineUrl: "",
    facilitator: "",
  });
  return { session: s.id };
};

/** Every route file with an action, by file name under app/routes. */
const CASES: Record<string, Case> = {
  "admin-privacy.tsx": {
    mod: adminPrivacy,
    setup: () => ({ user: insertUser(db(), { role: "admin" }) }),
    bad: { intent: "contact", contactEmail: "not an address" },
  },
  // A name over 200 characters (no file chosen: the images are kept).
  "admin-organisation.tsx": { mod: adminOrganisation, setup: () => ({ user: insertUser(db(), { role: "admin" }) }), bad: { name: "x".repeat(201) } },
  "admin-certificates.tsx": { mod: adminCertificates, setup: () => ({ user: insertUser(db(), { role: "admin" }) }), bad: { intent: "revoke", code: "" } },
  // Retrying dead jobs ignores ids that are not dead jobs, and redirects.
  "admin-jobs.tsx": { mod: adminJobs, setup: () => ({ user: insertUser(db(), { role: "admin" }) }) },
  "admin-users.tsx": { mod: adminUsers, setup: () => ({ user: insertUser(db(), { role: "admin" }) }), bad: { intent: "role", userId: "", role: "emperor" } },
  "assessment.tsx": {
    mod: assessment,
    setup: () => ({ user: learner(), params: { course: COURSE, kind: "final" } }),
    bad: { intent: "submit", attemptId: "x" },
  },
  "checkin.tsx": { mod: checkin, setup: () => ({ user: learner() }), bad: { code: "NOPE42" } },
  // Enrolling has nothing to refuse: it redirects to the pre-test or the first lesson.
  "course.tsx": { mod: courseRoute, setup: () => ({ user: learner(), params: { course: COURSE } }) },
  "forgot-password.tsx": { mod: forgotPassword, setup: () => ({ user: null }), bad: { email: "not an address" } },
  "join.tsx": {
    mod: join,
    setup: () => ({ user: null, params: { code: trainerCohort().cohort.joinCode } }),
    bad: { intent: "register", email: "nope", password: "short" },
  },
  "language.ts": { mod: language, setup: () => ({ user: null }) },
  "lesson.tsx": {
    mod: lesson,
    setup: () => ({ user: learner(), params: { course: COURSE, module: firstLesson.moduleSlug, lesson: firstLesson.slug } }),
    // Completing a lesson never opened is refused.
    bad: { intent: "complete" },
  },
  "login.tsx": { mod: login, setup: () => ({ user: null }), bad: { email: "", password: "" } },
  "logout.ts": { mod: logout, setup: () => ({ user: learner() }) },
  "me-privacy.tsx": { mod: mePrivacy, setup: () => ({ user: learner() }), bad: { password: "x" } },
  "me.tsx": { mod: me, setup: () => ({ user: learner() }), bad: { code: "NOPE42" } },
  "me-offline.tsx": { mod: meOffline, setup: () => ({ user: learner() }), bad: { intent: "store", course: "no-such-course" } },
  "me-notifications.tsx": { mod: meNotifications, setup: () => ({ user: learner() }), bad: { intent: "read", id: "999999999" }, status: 404 },
  // The preferences form keeps the kinds it knows and ignores the rest, then redirects.
  "me-notification-settings.tsx": { mod: meNotificationSettings, setup: () => ({ user: learner() }) },
  "module-quiz.tsx": { mod: moduleQuiz, setup: () => ({ user: learner(), params: { course: COURSE, module: quizModule.slug } }), bad: { q0: "a" } },
  "profile.tsx": { mod: profile, setup: () => ({ user: learner() }), bad: { intent: "password", currentPassword: "", newPassword: "short" } },
  "register.tsx": { mod: register, setup: () => ({ user: null }), bad: { email: "nope", password: "short" } },
  "set-password.tsx": { mod: setPassword, setup: () => ({ user: null, params: { token: "not-a-token" } }), bad: { password: "short" } },
  "trainer-cohort-announcements.tsx": { mod: announcements, setup: () => asTrainer(), bad: { intent: "post", title: "", body: "" } },
  "trainer-cohort-import.tsx": { mod: importParticipants, setup: () => asTrainer(), bad: { intent: "preview" } },
  "trainer-cohort-new.tsx": { mod: newCohort, setup: () => ({ user: insertUser(db(), { role: "trainer" }) }), bad: { title: "" } },
  "trainer-cohort-participants.tsx": { mod: participants, setup: () => asTrainer(), bad: { intent: "move", userId: "someone", to: "" } },
  // The attendance register has nothing to refuse: unknown marks are ignored and it redirects.
  "trainer-cohort-register.tsx": { mod: attendanceRegister, setup: () => asTrainer(withSession) },
  "trainer-cohort-schedule.tsx": { mod: schedule, setup: () => asTrainer(), bad: { intent: "session", title: "", startsAt: "yesterday" } },
  "trainer-cohort-session.tsx": { mod: session, setup: () => asTrainer(withSession), bad: { intent: "session", title: "" } },
  // A credential that is not JSON is refused; a readable one gets its checks (done()).
  "verify-file.tsx": { mod: verifyFile, setup: () => ({ user: null }), bad: { json: "{ not json" } },
  "unsubscribe.tsx": { mod: unsubscribeRoute, setup: () => ({ user: null, params: { token: "not-a-token" } }), bad: {}, status: 404 },
  "trainer-cohort-settings.tsx": { mod: settings, setup: () => asTrainer(), bad: { intent: "duplicate", startsOn: "2026-02-30" } },
  "me-evaluation.tsx": {
    mod: meEvaluation,
    // A participant of a workshop that has ended: its evaluation is open.
    setup: () => {
      const trainer = insertUser(db(), { role: "trainer" });
      const cohort = createCohort(db(), trainer, cohortInput(COURSE), []);
      const user = learner();
      joinCohort(db(), cohort.id, user.id);
      const request = openRequestsFor(db(), user.id, "en").find((r) => r.kind === "evaluation")!;
      return { user, params: { id: String(request.id) } };
    },
    bad: { "q-relevance": "9" },
  },
  "trainer-cohort-evaluation.tsx": { mod: cohortEvaluation, setup: () => asTrainer(), bad: { intent: "add", kind: "evaluation", type: "robot", label: "" } },
  "reports-evaluations.tsx": {
    mod: evaluationResults,
    setup: () => ({ user: insertUser(db(), { role: "admin" }) }),
    bad: { intent: "hide", responseId: "1", questionId: "comments" },
  },
};

const ROUTES_DIR = path.join("app", "routes");
const routeFiles = fs.readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"));
const source = (f: string) => fs.readFileSync(path.join(ROUTES_DIR, f), "utf8");
const hasAction = (src: string) => /export (async )?function action\b/.test(src);

/** The text of a translation key in a locale's resources (plural keys: the _other form), or undefined. */
function lookup(resources: object, key: string): string | undefined {
  let node: unknown = resources;
  for (const part of key.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node === "string") return node;
  const parent = key.split(".").slice(0, -1);
  const last = key.split(".").at(-1)!;
  let p: unknown = resources;
  for (const part of parent) p = p && typeof p === "object" ? (p as Record<string, unknown>)[part] : undefined;
  const other = p && typeof p === "object" ? (p as Record<string, unknown>)[`${last}_other`] : undefined;
  return typeof other === "string" ? other : undefined;
}

const KEY_LIKE = /^[a-z][\w-]*(\.[\w-]+)+$/i;

/** The one refusal shape: exactly these properties (result optional), a 4xx, something a person can read. */
function expectRefusal(name: string, res: RouteResult, status: number) {
  expect(res.status, `${name}: status`).toBe(status);
  const d = res.data as Record<string, unknown>;
  expect(d && typeof d === "object", `${name}: a data() result`).toBe(true);
  expect(
    Object.keys(d)
      .filter((k) => k !== "result")
      .sort(),
    `${name}: the ActionResult shape`,
  ).toEqual(["errors", "formError", "intent", "values"]);
  expect(d.intent === null || typeof d.intent === "string", `${name}: intent`).toBe(true);
  expect(d.formError === null || typeof d.formError === "string", `${name}: formError`).toBe(true);
  const errors = d.errors as Record<string, { key: string; values?: Record<string, string | number> }>;
  expect(typeof errors === "object" && errors !== null, `${name}: errors`).toBe(true);
  for (const v of Object.values(d.values as object)) expect(typeof v, `${name}: values are strings`).toBe("string");
  expect(
    Object.keys(d.values as object).some((k) => k.toLowerCase().includes("password")),
    `${name}: passwords are never echoed`,
  ).toBe(false);
  expect(d.formError !== null || Object.keys(errors).length > 0, `${name}: says what is wrong`).toBe(true);
  if (typeof d.formError === "string") {
    expect(d.formError, `${name}: formError is a sentence, not a key`).not.toMatch(KEY_LIKE);
    expect(d.formError, `${name}: formError is interpolated`).not.toContain("{{");
  }
  for (const [field, e] of Object.entries(errors)) {
    for (const [lng, res] of Object.entries({ en, lo, vi })) {
      const text = lookup(res, e.key);
      expect(text, `${name}: ${field} → ${e.key} exists in ${lng}`).toBeTypeOf("string");
      // Every value the message needs comes with the error (a field prints t(key, values)).
      for (const m of text!.matchAll(/\{\{(\w+)\}\}/g)) expect(e.values ?? {}, `${name}: ${field} → ${e.key} needs {{${m[1]}}}`).toHaveProperty(m[1]!);
    }
  }
  return d as { formError: string | null; errors: typeof errors };
}

describe("one way to write an action", () => {
  it("every route file with an action has a case here, and no case names a route without one", () => {
    const withAction = routeFiles.filter((f) => hasAction(source(f))).sort();
    expect(Object.keys(CASES).sort()).toEqual(withAction);
  });

  it("no action builds its own result: no data({ ... }) returned, no route-local ActionResult, no deprecated msg()", () => {
    const offences: string[] = [];
    for (const f of routeFiles) {
      const src = source(f);
      const action = src.slice(src.search(/export (async )?function action\b/));
      if (!hasAction(src)) continue;
      const body = action.slice(0, action.search(/\n}\n/) + 2);
      // Thrown data() is an error page (404, 403, 429 on a lookup), not a result of the form.
      for (const m of body.matchAll(/(\S+\s+)?data(<[^>]*>)?\(/g)) if (!/throw\s+$/.test(m[1] ?? "")) offences.push(`${f}: ${m[0].trim()}`);
      if (/^\s*return\s+\{/m.test(body)) offences.push(`${f}: returns a plain object`);
      if (/\btype ActionResult\b/.test(src)) offences.push(`${f}: defines its own ActionResult`);
      if (/\bmsg\(/.test(src)) offences.push(`${f}: uses msg()`);
    }
    expect(offences).toEqual([]);
  });

  for (const [name, c] of Object.entries(CASES)) {
    if (!c.bad) continue;
    it(`${name}: bad input is refused with the ActionResult shape, a translated message and a 4xx`, async () => {
      const inLao = expectRefusal(name, await callAction(c.mod, { ...c.setup(), form: formOf(c.bad!), url: "/x", lng: "lo" }), c.status ?? 400);
      const inEnglish = expectRefusal(name, await callAction(c.mod, { ...c.setup(), form: formOf(c.bad!), url: "/x", lng: "en" }), c.status ?? 400);
      // The whole-form message follows the page's language (not an English string written in the route).
      if (inLao.formError !== null) expect(inLao.formError, `${name}: formError in Lao`).not.toBe(inEnglish.formError);
      expect(inLao.errors).toEqual(inEnglish.errors);
    });
  }

  const long = "ຂ".repeat(3000) + "\u0000<script>{{x}}%s";
  // Every intent any form of the app sends, and one nobody sends.
  const INTENTS = [
    long,
    "save",
    "session",
    "releases",
    "preview",
    "confirm",
    "register",
    "password",
    "complete",
    "incomplete",
    "check",
    "submit",
    "start",
    "skip",
  ];
  INTENTS.push("move", "remove", "links", "revoke", "reissue", "reset-link", "deactivate", "reactivate", "role", "accept", "decline", "post", "delete");
  INTENTS.push("duplicate", "archive", "all-present");
  const junk = (intent: string): Record<string, string | string[]> => ({
    intent,
    code: long,
    email: long,
    password: long,
    currentPassword: long,
    newPassword: long,
    userId: long,
    role: long,
    cohortId: long,
    attemptId: "1e999",
    pendingId: long,
    startsOn: "9999-99-99",
    startsAt: long,
    endsAt: "-1",
    title: long,
    body: long,
    capacity: "NaN",
    q0: [long, long],
    "status-x": long,
    lng: long,
    back: "//evil.example/" + long,
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: junk never gives a 500, and a refusal has the one shape`, async () => {
      const setup = c.setup();
      for (const intent of INTENTS) {
        const label = `${name} (intent ${intent.slice(0, 12)})`;
        const res = await callAction(c.mod, { ...setup, form: formOf(junk(intent)), url: "/x" });
        expect(res.status, `${label}: status`).toBeLessThan(500);
        const d = res.data as Record<string, unknown> | null;
        if (res.status >= 400 && d && "formError" in d) expectRefusal(label, res, res.status);
        // Otherwise: a redirect, or an error page thrown for a missing or forbidden thing.
        else if (res.status >= 400) expect([403, 404, 413, 429], `${label}: ${JSON.stringify(d)?.slice(0, 200)}`).toContain(res.status);
      }
    });
  }
});
