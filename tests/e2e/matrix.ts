// The authorization matrix: every route, as every kind of visitor, with the status each must get.
// Shared by the matrix test and the page sweeps (a spec file may not import another spec file).
import { DEMO_COHORT_ID } from "../../db/seed";
import { foundations, lessonUrl } from "./helpers";

// Every route, as every kind of visitor, with the status each must get. A redirect to /login is
// written "login"; other redirects as "302".
export type Who = "anonymous" | "learner" | "trainer" | "admin";
export const WHO: Who[] = ["anonymous", "learner", "trainer", "admin"];
export const ACCOUNTS: Record<Exclude<Who, "anonymous">, string> = {
  learner: "learner@example.org",
  trainer: "trainer@example.org",
  admin: "admin@example.org",
};
export type Expect = number | "login" | 302;
const all = (s: Expect) => Object.fromEntries(WHO.map((w) => [w, s])) as Record<Who, Expect>;
const members = (s: Expect) => ({ anonymous: "login" as Expect, learner: s, trainer: s, admin: s });

const m = foundations.modules[0]!;
export const GET_MATRIX: [string, Record<Who, Expect>][] = [
  ["/", all(200)],
  ["/healthz", all(200)],
  ["/courses", all(200)],
  [`/courses/${foundations.slug}`, all(200)],
  [lessonUrl(foundations.slug, foundations.lessons[0]!.key), all(200)],
  ["/glossary", all(200)],
  ["/courses/no-such-course", all(404)],
  [`/courses/${foundations.slug}/${m.slug}/no-such-lesson`, all(404)],
  ["/no/such/page", all(404)],
  ["/login", { anonymous: 200, learner: 302, trainer: 302, admin: 302 }],
  ["/register", { anonymous: 200, learner: 302, trainer: 302, admin: 302 }],
  ["/forgot-password", { anonymous: 200, learner: 302, trainer: 302, admin: 302 }],
  ["/set-password/not-a-token", all(200)],
  ["/logout", all(302)],
  ["/me", members(200)],
  ["/me/profile", members(200)],
  ["/me/offline", members(200)],
  ["/me/notifications", members(200)],
  ["/me/notifications/settings", members(200)],
  // An unsubscribe link needs no account: its token is signed; a bad one is a 404 for everyone.
  ["/unsubscribe/not-a-token", all(404)],
  ["/admin/jobs", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  // A workshop's participant page and calendar: its members (the demo learner), its trainers, admins.
  // A learner outside the workshop gets 403: tests/e2e/workshop.spec.ts.
  [`/me/workshops/${DEMO_COHORT_ID}`, members(200)],
  [`/me/workshops/${DEMO_COHORT_ID}/calendar.ics`, members(200)],
  [`/me/workshops/${DEMO_COHORT_ID}/calendar.ics?session=${DEMO_COHORT_ID}-day-1`, members(200)],
  [`/me/workshops/${DEMO_COHORT_ID}/calendar.ics?session=no-such-session`, members(404)],
  ["/me/workshops/no-such-cohort", members(404)],
  [`/courses/${foundations.slug}/${m.slug}/quiz`, members(200)],
  [`/courses/${foundations.slug}/assessment/pretest`, members(200)],
  [`/courses/${foundations.slug}/assessment/final`, members(200)],
  [`/courses/${foundations.slug}/assessment/other`, { anonymous: 404, learner: 404, trainer: 404, admin: 404 }],
  ["/admin/users", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  ["/admin/users?page=999&role=root&status=x", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  ["/admin/users.csv?role=learner", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  // Certificates: verification and the issuer's key are public; lists need an account or a role.
  ["/verify", all(200)],
  ["/verify/AAAA-AAAA-AAAA-AAAA", all(404)],
  ["/verify/not-a-code", all(404)],
  ["/verify?code=not-a-code", all(400)],
  ["/certificates/AAAA-AAAA-AAAA-AAAA.pdf", all(404)],
  ["/certificates/AAAA-AAAA-AAAA-AAAA.json", all(404)],
  ["/issuer", all(200)],
  ["/issuer/keys/1", all(200)],
  ["/.well-known/did.json", all(200)],
  ["/credentials/status/1", all(200)],
  ["/credentials/status/9999", all(404)],
  ["/verify/file", all(200)],
  ["/me/certificates", members(200)],
  ["/admin/certificates", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  // Reports: trainers (their own cohorts) and admins.
  ["/reports", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports?from=not-a-date&sex=robot&cohort=someone-elses", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports/csv/summary", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports/csv/no-such-table", { anonymous: "login", learner: 403, trainer: 404, admin: 404 }],
  ["/reports/xapi.jsonl", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  // Training evaluation: results for trainers (their workshops) and admins; a questionnaire for its addressee only.
  ["/reports/evaluations", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports/evaluations?kind=robot&cohort=someone-elses&course=x", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports/evaluations.csv?kind=followup", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports/evaluations/summary", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  [`/trainer/cohorts/${DEMO_COHORT_ID}/evaluation`, { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/me/evaluations/999999999", members(404)],
  ["/me/evaluations/not-a-number", members(404)],
  // Privacy: the notice and help are public; a person's own data needs their account; requests are the admins'.
  ["/privacy", all(200)],
  ["/help", all(200)],
  ["/me/privacy", members(200)],
  ["/me/privacy/export.zip", members(200)],
  ["/admin/privacy", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  ["/admin/privacy/export/no-such-user", { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  // The issuing organisation on certificates (name, logo, signatory): administrators only.
  ["/admin/organisation", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
];

export const POST_MATRIX: [string, Record<string, string>, Record<Who, Expect>][] = [
  ["/admin/users", { userId: "x", role: "admin" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/admin/users", { intent: "reset-link", userId: "x" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/admin/users", { intent: "deactivate", userId: "x" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/admin/users", { intent: "reactivate", userId: "x" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/forgot-password", { email: "not-an-address" }, { anonymous: 400, learner: 302, trainer: 302, admin: 302 }],
  ["/me/profile", { intent: "profile" }, { anonymous: "login", learner: 400, trainer: 400, admin: 400 }],
  ["/me/offline", { intent: "store", course: "no-such-course" }, { anonymous: "login", learner: 400, trainer: 400, admin: 400 }],
  ["/me/notifications", { intent: "read", id: "999999999" }, { anonymous: "login", learner: 404, trainer: 404, admin: 404 }],
  ["/admin/jobs", { id: "999999999" }, { anonymous: "login", learner: 403, trainer: 403, admin: 302 }],
  [`/courses/${foundations.slug}/${m.slug}/quiz`, {}, { anonymous: "login", learner: 400, trainer: 400, admin: 400 }],
  ["/admin/certificates", { intent: "revoke", code: "AAAA-AAAA-AAAA-AAAA", reason: "x" }, { anonymous: "login", learner: 403, trainer: 404, admin: 404 }],
  ["/reports/evaluations", { intent: "hide", responseId: "1", questionId: "comments" }, { anonymous: "login", learner: 403, trainer: 400, admin: 400 }],
  ["/me/evaluations/999999999", { "q-relevance": "5" }, { anonymous: "login", learner: 404, trainer: 404, admin: 404 }],
  [`/trainer/cohorts/${DEMO_COHORT_ID}/evaluation`, { kind: "robot" }, { anonymous: "login", learner: 403, trainer: 400, admin: 400 }],
  // Erasure without the ticked box and password is refused (nothing erased); an unknown account is a 404.
  ["/me/privacy", {}, { anonymous: "login", learner: 400, trainer: 400, admin: 400 }],
  ["/admin/privacy", { intent: "erase", userId: "x", confirmEmail: "x@example.org" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  // A name over 200 characters is refused: nothing saved.
  ["/admin/organisation", { name: "x".repeat(201) }, { anonymous: "login", learner: 403, trainer: 403, admin: 400 }],
];
