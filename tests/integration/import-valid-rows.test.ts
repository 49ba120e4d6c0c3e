/**
 * Issue 14 item 10: the participants import offers a template in the trainer's language and
 * English, and a file with some bad lines can be imported for its valid rows only, with the
 * skipped lines to download.
 */
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { getDb } from "#app/db.server";
import { createCohort, memberList } from "#app/cohorts/cohorts.server";
import lo from "#app/locales/lo";
import { cohortInput } from "#tests/helpers/cohorts";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import * as importRoute from "#app/routes/trainer-cohort-import";
import * as templateRoute from "#app/routes/trainer-cohort-import-template";

const db = () => getDb();

function setup() {
  const trainer = insertUser(db(), { role: "trainer" });
  const cohort = createCohort(db(), trainer, cohortInput("shp-foundations", { startsOn: "2026-01-01", endsOn: "2027-12-31" }), []);
  return { trainer, cohort, url: `/trainer/cohorts/${cohort.id}/participants/import`, params: { id: cohort.id } };
}

describe("participants import: template and valid rows only", () => {
  it("the template downloads with the columns in Lao and English", async () => {
    const { trainer, params } = setup();
    const res = await callLoader(templateRoute, { user: trainer, params, url: "/x/template.csv", lng: "lo" });
    expect(res.status).toBe(200);
    const header = res.body!.replace(/^\uFEFF/, "").split("\r\n")[0]!;
    expect(header.split(",")).toEqual([
      `name (${lo.auth.name})`,
      `email (${lo.auth.email})`,
      `organisation (${lo.auth.organisation})`,
      `constituent group (${lo.auth.constituentGroup})`,
      `sex (${lo.auth.sex})`,
      `country (${lo.auth.country})`,
    ]);
    const learner = insertUser(db());
    expect((await callLoader(templateRoute, { user: learner, params, url: "/x/template.csv" })).status).toBe(403);
  });

  it("a file with a bad line: nothing imported at first; 'continue with the valid rows' imports only those", async () => {
    const { trainer, cohort, url, params } = setup();
    const csv = ["name,email,organisation,constituent group,sex,country", "Noy,noy@valid.example.org,MoH,Government,Woman,LA", "Bad,nope,MoH,,,"].join("\n");
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([csv], "p.csv", { type: "text/csv" }));
    const report = await callAction(importRoute, { user: trainer, params, form, url });
    const r = (report.data as { result: { step: string; valid?: { count: number; skipped: number; pendingId: string; skippedCsv: string } } }).result;
    expect(r.step).toBe("report");
    expect(r.valid).toMatchObject({ count: 1, skipped: 1 });
    expect(r.valid!.skippedCsv).toContain("Bad,nope");
    expect(db().select().from(users).where(eq(users.email, "noy@valid.example.org")).get()).toBeUndefined();

    const preview = await callAction(importRoute, { user: trainer, params, form: formOf({ intent: "preview-valid", pendingId: r.valid!.pendingId }), url });
    const p = (preview.data as { result: { step: string; rows: { email: string; line: number }[]; pendingId: string } }).result;
    expect(p.step).toBe("preview");
    expect(p.rows.map((x) => [x.line, x.email])).toEqual([[2, "noy@valid.example.org"]]);

    const done = await callAction(importRoute, { user: trainer, params, form: formOf({ intent: "confirm", pendingId: p.pendingId }), url });
    expect((done.data as { result: { step: string } }).result.step).toBe("done");
    expect(memberList(db(), cohort.id).map((m) => m.email)).toEqual(["noy@valid.example.org"]);
  });

  it("another trainer cannot use someone's kept rows", async () => {
    const { trainer, url, params } = setup();
    const csv = "name,email,organisation,constituent group,sex,country\nA,a@valid.example.org,,,,\nB,b,,,,\n";
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([csv], "p.csv"));
    const r = ((await callAction(importRoute, { user: trainer, params, form, url })).data as { result: { valid: { pendingId: string } } }).result;
    const admin = insertUser(db(), { role: "admin" });
    const res = await callAction(importRoute, { user: admin, params, form: formOf({ intent: "preview-valid", pendingId: r.valid.pendingId }), url });
    expect(res.status).toBe(400);
    expect((res.data as { formError: string; result?: unknown }).formError).toBeTruthy();
    expect((res.data as { result?: unknown }).result).toBeUndefined();
  });
});
