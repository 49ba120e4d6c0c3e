/**
 * The action tier for consent and limits (hardening): the routes called as React Router calls them
 * (real Request, router context, i18next middleware) against a real SQLite file, without a server.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "#app/db.server";
import { createCohort, isMember } from "#app/cohorts/cohorts.server";
import { parseParticipantsCsv, runImport, storePendingImport } from "#app/cohorts/import.server";
import { hashPassword } from "#app/auth/password.server";
import { cohortInput } from "#tests/helpers/cohorts";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import * as meRoute from "#app/routes/me";
import * as checkinRoute from "#app/routes/checkin";
import * as profileRoute from "#app/routes/profile";
import * as joinRoute from "#app/routes/join";

const db = () => getDb();

function invite(email: string) {
  const trainer = insertUser(db(), { role: "trainer" });
  const cohort = createCohort(db(), trainer, cohortInput("shp-foundations", { startsOn: "2026-01-01", endsOn: "2027-12-31" }), []);
  const parsed = parseParticipantsCsv(new TextEncoder().encode(`name,email,organisation,constituent group,sex,country\nX,${email},,,,\n`));
  if (!parsed.ok) throw new Error("expected ok");
  runImport(db(), trainer, cohort.id, storePendingImport(db(), cohort.id, trainer.id, parsed.rows), "http://x");
  return cohort;
}

describe("consent on /me", () => {
  it("the invited person accepts with a plain form and joins; another person cannot answer for them; junk gives a 400", async () => {
    const person = insertUser(db(), { email: `inv-${Date.now()}@example.org` });
    const cohort = invite(person.email);
    expect(isMember(db(), cohort.id, person.id)).toBe(false);
    const loaded = await callLoader(meRoute, { user: person, url: "/me" });
    expect((loaded.data as { invitations: { cohortId: string }[] }).invitations.map((i) => i.cohortId)).toEqual([cohort.id]);

    const stranger = insertUser(db());
    expect((await callAction(meRoute, { user: stranger, form: formOf({ intent: "accept", cohortId: cohort.id }), url: "/me" })).status).toBe(400);
    expect((await callAction(meRoute, { user: person, form: formOf({ intent: "accept", cohortId: "x".repeat(500) }), url: "/me" })).status).toBe(400);
    expect(isMember(db(), cohort.id, stranger.id)).toBe(false);

    const res = await callAction(meRoute, { user: person, form: formOf({ intent: "accept", cohortId: cohort.id }), url: "/me" });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/courses/shp-foundations?joined=1");
    expect(isMember(db(), cohort.id, person.id)).toBe(true);
  });

  it("declining keeps the person out and says so", async () => {
    const person = insertUser(db(), { email: `dec-${Date.now()}@example.org` });
    const cohort = invite(person.email);
    const res = await callAction(meRoute, { user: person, form: formOf({ intent: "decline", cohortId: cohort.id }), url: "/me" });
    expect(res.location).toBe("/me?declined=1");
    expect(isMember(db(), cohort.id, person.id)).toBe(false);
  });
});

describe("limits and echoes in routes", () => {
  it("attack: /checkin?done=ok&session=<text> prints nothing the server did not look up", async () => {
    const u = insertUser(db());
    const res = await callLoader(checkinRoute, { user: u, url: "/checkin?done=ok&session=" + encodeURIComponent("Call +856 20 5555 to claim") });
    expect(res.data).toMatchObject({ done: null, session: null });
  });

  it("attack: guessing the current password on /me/profile is throttled", async () => {
    const u = insertUser(db(), { passwordHash: await hashPassword("the-real-password-1") });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await callAction(profileRoute, {
            user: u,
            form: formOf({ intent: "password", currentPassword: `guess-${i}-xxxxx`, newPassword: "a-new-password-22" }),
            url: "/me/profile",
          })
        ).status,
      );
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it("attack: /join/<code> links cannot be enumerated: wrong codes from one address end in 429, not 500", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 101; i++) {
      const res = await callLoader(joinRoute, { user: null, params: { code: `NOPE${String(i).padStart(4, "0")}` }, url: "/join/x" });
      statuses.add(res.status);
    }
    expect([...statuses].sort()).toEqual([404, 429]);
  });
});
