/**
 * The action tier for training evaluation: the participant's questionnaire route and the trainer's
 * routes, called as React Router calls them against a real SQLite file. Bad input gets a translated
 * 400 and changes nothing; the optional completion rule issues the certificate in the same request.
 */
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { certificates } from "#db/schema";
import { getDb } from "#app/db.server";
import { createCohort, joinCohort } from "#app/cohorts/cohorts.server";
import { openRequestsFor } from "#app/evaluation/evaluation.server";
import "#app/integrations/cohort-certificates.server";
import { cohortInput } from "#tests/helpers/cohorts";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import lo from "#app/locales/lo";
import * as evaluationRoute from "#app/routes/me-evaluation";
import * as cohortEvaluationRoute from "#app/routes/trainer-cohort-evaluation";
import * as resultsRoute from "#app/routes/reports-evaluations";

const db = () => getDb();
const ANSWERS = { "q-relevance": "5", "q-content": "4", "q-trainers": "5", "q-organisation": "4", "q-pace": "3", "q-overall": "4", "q-recommend": "0" };

function setup(rules: Partial<Parameters<typeof cohortInput>[1]> = {}) {
  const trainer = insertUser(db(), { role: "trainer" });
  const cohort = createCohort(db(), trainer, cohortInput("shp-foundations", rules), []);
  const learner = insertUser(db(), { locale: "lo" });
  joinCohort(db(), cohort.id, learner.id);
  const request = openRequestsFor(db(), learner.id, "en").find((r) => r.kind === "evaluation")!;
  return { trainer, cohort, learner, request };
}

describe("evaluation routes (action tier)", () => {
  it("a Lao participant's bad answers get Lao messages and a 400; nothing is stored", async () => {
    const { learner, request } = setup();
    const res = await callAction(evaluationRoute, {
      user: learner,
      url: `/me/evaluations/${request.id}`,
      params: { id: String(request.id) },
      form: formOf({ ...ANSWERS, "q-relevance": "11" }),
      lng: "lo",
    });
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ formError: lo.errors.fixBelow, errors: { relevance: { key: "evaluation.errors.range" } } });
    expect(db().$client.prepare("select responded_on from evaluation_requests where id = ?").pluck().get(request.id)).toBeNull();
  });

  it("answering with the 'evaluation submitted' rule issues the workshop certificate in the same request", async () => {
    const { learner, request } = setup({ allModules: false, finalPass: false, minAttendancePercent: null, evaluationSubmitted: true });
    const res = await callAction(evaluationRoute, {
      user: learner,
      url: `/me/evaluations/${request.id}`,
      params: { id: String(request.id) },
      form: formOf({ ...ANSWERS, shareProfile: "on" }),
    });
    expect(res).toMatchObject({ status: 302, location: `/me/evaluations/${request.id}` });
    expect(db().select().from(certificates).where(eq(certificates.userId, learner.id)).all()).toHaveLength(1);
    const again = await callAction(evaluationRoute, {
      user: learner,
      url: `/me/evaluations/${request.id}`,
      params: { id: String(request.id) },
      form: formOf(ANSWERS),
    });
    expect(again.status).toBe(409);
  });

  it("someone else's questionnaire is a 404, to its loader and its action", async () => {
    const { request } = setup();
    const other = insertUser(db());
    expect((await callLoader(evaluationRoute, { user: other, url: `/me/evaluations/${request.id}`, params: { id: String(request.id) } })).status).toBe(404);
    expect(
      (await callAction(evaluationRoute, { user: other, url: `/me/evaluations/${request.id}`, params: { id: String(request.id) }, form: formOf(ANSWERS) }))
        .status,
    ).toBe(404);
  });

  it("a trainer cannot add questions once the questionnaire has opened; another trainer may not hide comments", async () => {
    const { trainer, cohort } = setup();
    const add = await callAction(cohortEvaluationRoute, {
      user: trainer,
      url: `/trainer/cohorts/${cohort.id}/evaluation`,
      params: { id: cohort.id },
      form: formOf({ intent: "add", kind: "evaluation", type: "text", label: "Too late?" }),
    });
    expect(add.status).toBe(400);
    const stranger = insertUser(db(), { role: "trainer" });
    const hide = await callAction(resultsRoute, {
      user: stranger,
      url: "/reports/evaluations",
      form: formOf({ intent: "hide", responseId: "12", questionId: "comments" }),
    });
    expect(hide.status).toBe(400);
  });
});
