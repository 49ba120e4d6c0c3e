import { expect, test } from "@playwright/test";
import { en, expectNoSeriousViolations, foundations, login, uniqueEmail } from "./helpers";

const c = en.cohorts;

/** '2026-03-03T09:00' in UTC+7 (the cohorts' time zone) for a moment `offsetMin` minutes from now. */
function localInput(offsetMin: number) {
  return new Date(Date.now() + offsetMin * 60_000 + 7 * 3600_000).toISOString().slice(0, 16);
}

/** Splits one CSV line (RFC 4180 quoting). */
function csvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

test("a trainer runs a cohort end to end: create, import 30, schedule, attendance, check-in, gradebook export", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const tag = `${Date.now()}`;
  const title = `NHI claims management, Vientiane ${tag}`;

  // 1. The trainer creates a cohort.
  await login(page, "trainer@example.org");
  await page.goto("/trainer");
  await expect(page.getByRole("heading", { level: 1, name: c.workspace.title })).toBeVisible();
  await page.getByRole("link", { name: c.workspace.new }).click();
  await page.getByLabel(c.form.course, { exact: true }).selectOption(foundations.slug);
  await page.getByLabel(c.form.title, { exact: true }).fill(title);
  // The workshop runs from yesterday to three days from now (UTC+7 days): its sessions must fall within it.
  await page.getByLabel(c.form.startsOn, { exact: true }).fill(localInput(-24 * 60).slice(0, 10));
  await page.getByLabel(c.form.endsOn, { exact: true }).fill(localInput(3 * 24 * 60).slice(0, 10));
  await page.getByLabel(c.form.venue, { exact: true }).fill("Vientiane");
  await page.getByLabel(c.form.capacity, { exact: true }).fill("40");
  await page.getByLabel(c.form.minAttendance, { exact: true }).fill("50");
  await page.getByRole("button", { name: c.form.create }).click();
  await expect(page).toHaveURL(/\/trainer\/cohorts\/[0-9a-f-]{36}$/);
  const cohortUrl = new URL(page.url()).pathname;
  const joinCode = (await page.locator("strong.code").textContent())!.trim();
  expect(joinCode).toMatch(/^[A-Z0-9]{8}$/);
  await expectNoSeriousViolations(page);

  // 2. Import 30 participants from a CSV generated here (one with a Lao name).
  const laoName = "ສົມໃຈ ພົມມະວົງ";
  const rows = Array.from({ length: 30 }, (_, i) =>
    [
      i === 0 ? laoName : `Participant ${i + 1}`,
      `p${i + 1}-${tag}@example.org`,
      i % 2 ? "Ministry of Health" : '"NHIB, Vientiane"',
      i % 3 ? "Government" : "workers",
      i % 2 ? "Woman" : "man",
      "Lao PDR",
    ].join(","),
  );
  const csv = `name,email,organisation,constituent group,sex,country\n${rows.join("\n")}\n`;
  await page.getByRole("navigation", { name: c.tabs.label }).getByRole("link", { name: c.tabs.participants }).click();
  await page.getByRole("link", { name: c.import.title }).click();
  await page.getByLabel(c.import.file).setInputFiles({ name: "participants.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf-8") });
  await page.getByRole("button", { name: c.import.preview }).click();
  await expect(page.getByRole("heading", { name: "Preview: 30 participants" })).toBeVisible();
  await expect(page.getByRole("cell", { name: laoName })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Import 30 participants" }).click();
  await expect(page.getByRole("heading", { name: "Set-password links for 30 new participants" })).toBeVisible();
  const firstLink = (await page.locator(".links-sheet tbody tr").first().locator("code").textContent())!;
  expect(firstLink).toMatch(/\/set-password\/[a-z2-7]{32}$/);
  await page.goto(`${cohortUrl}/participants`);
  await expect(page.getByText("30 of 40 places taken")).toBeVisible();

  // 3. Two sessions: one happening now, one tomorrow.
  await page.goto(`${cohortUrl}/schedule`);
  for (const [name, start, end] of [
    ["Day 1: claims processing", localInput(-10), localInput(120)],
    ["Day 2: audit", localInput(24 * 60), localInput(24 * 60 + 180)],
  ] as const) {
    await page.getByLabel(c.schedule.sessionTitle, { exact: true }).fill(name);
    await page.getByLabel(c.schedule.startsAt, { exact: true }).fill(start);
    await page.getByLabel(c.schedule.endsAt, { exact: true }).fill(end);
    await page.getByRole("button", { name: c.schedule.add }).click();
    await expect(page.getByText(c.schedule.added)).toBeVisible();
  }
  await expectNoSeriousViolations(page);
  await page.getByRole("link", { name: "Day 1: claims processing" }).click();
  const code = (await page.getByTestId("checkin-code").textContent())!.trim();
  await expectNoSeriousViolations(page);
  expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
  const sessionUrl = new URL(page.url()).pathname;
  const sessionId = sessionUrl.split("/").pop()!;

  // 4. A new participant joins with the code and registers in the same flow, then checks in — without JavaScript.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p = await noJs.newPage();
  const joinerEmail = uniqueEmail("joiner");
  await p.goto(`/join/${joinCode.toLowerCase()}`);
  await expect(p.getByRole("heading", { level: 1, name: `Join ${title}` })).toBeVisible();
  await p.getByLabel(en.auth.email, { exact: true }).fill(joinerEmail);
  await p.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
  await p.getByLabel(en.auth.name, { exact: true }).fill("Khamla Joiner");
  await p.getByLabel(en.auth.country, { exact: true }).selectOption("LA");
  await p.getByLabel(en.auth.constituentGroup, { exact: true }).selectOption("employers");
  await p.getByLabel(en.auth.sex, { exact: true }).selectOption("woman");
  await p.getByLabel(en.auth.preferredLanguage, { exact: true }).selectOption("en");
  await p.getByRole("button", { name: c.join.registerButton }).click();
  await expect(p).toHaveURL(new RegExp(`/courses/${foundations.slug}\\?joined=1$`));
  await expect(p.getByText(c.join.joined)).toBeVisible();
  await p.goto("/me");
  await expect(p.getByRole("link", { name: title })).toBeVisible();
  await p.getByRole("link", { name: c.me.checkin }).click();
  await p.getByLabel(c.checkin.code).fill("WRONG1");
  await p.getByRole("button", { name: c.checkin.button }).click();
  await expect(p.getByText(c.checkin.errors["unknown-code"])).toBeVisible();
  await p.getByLabel(c.checkin.code).fill(code.toLowerCase());
  await p.getByRole("button", { name: c.checkin.button }).click();
  await expect(p.getByText("You are checked in: Day 1: claims processing.")).toBeVisible();

  // An imported participant sets their password with the one-time link (no JavaScript either).
  const p2 = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await p2.goto(new URL(firstLink).pathname);
  await p2.getByLabel(en.profile.newPassword).fill("my-own-password-1");
  await p2.getByRole("button", { name: c.setPassword.button }).click();
  await expect(p2).toHaveURL(/\/me$/);
  await p2.goto(new URL(firstLink).pathname);
  await expect(p2.getByText(c.setPassword.invalid)).toBeVisible();

  // 5. The trainer marks attendance for session 1 (the register works without JavaScript too).
  const trainerNoJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const tp = await trainerNoJs.newPage();
  await tp.goto(`${cohortUrl}/attendance/${sessionId}`);
  await expect(tp.getByRole("group", { name: /Khamla Joiner/ }).getByLabel(c.attendance.statuses.present)).toBeChecked();
  await tp.getByRole("group", { name: laoName }).getByLabel(c.attendance.statuses.present).check();
  await tp.getByRole("group", { name: "Participant 2", exact: true }).getByLabel(c.attendance.statuses.absent).check();
  await tp.getByRole("group", { name: "Participant 3", exact: true }).getByLabel(c.attendance.statuses.excused).check();
  await tp.getByRole("button", { name: c.attendance.save }).click();
  await expect(tp.getByText("Attendance saved (3 changes).")).toBeVisible();
  await tp.goto(`${cohortUrl}/attendance/${sessionId}/sheet`);
  await expect(tp.locator(".sheet-table tbody tr")).toHaveCount(31 + 8); // 31 names and 8 blank rows for walk-ins
  await expect(tp.getByRole("columnheader", { name: c.attendance.signature })).toBeVisible();

  await page.goto(`${cohortUrl}/attendance/${sessionId}`);
  await expect(page.getByRole("group", { name: laoName }).getByLabel(c.attendance.statuses.present)).toBeChecked();
  await expectNoSeriousViolations(page);
  for (const path of [`/join/${joinCode}`, "/checkin", `${cohortUrl}/announcements`, `${cohortUrl}/settings`, "/trainer"]) {
    await page.goto(path);
    await expectNoSeriousViolations(page);
  }

  // 6. The gradebook, filtered, and exported as CSV.
  await page.goto(`${cohortUrl}/gradebook?q=${encodeURIComponent("ສົມໃຈ")}`);
  await expect(page.getByText("Showing 1 of 31 participants")).toBeVisible();
  await expectNoSeriousViolations(page);
  const res = await page.request.get(`${cohortUrl}/gradebook.csv?sort=name`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  const body = await res.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString("utf-8").slice(1);
  const lines = text.trim().split("\r\n");
  expect(lines).toHaveLength(32);
  const header = csvLine(lines[0]!);
  expect(header.slice(0, 3)).toEqual([en.auth.name, en.auth.email, en.auth.organisation]);
  expect(header).toContain("Day 1: claims processing");
  const records = lines.slice(1).map(csvLine);
  const lao = records.find((r) => r[0] === laoName)!;
  expect(lao).toBeDefined();
  expect(lao[2]).toBe("NHIB, Vientiane");
  expect(lao[header.indexOf("Day 1: claims processing")]).toBe("Present");
  const joiner = records.find((r) => r[1] === joinerEmail)!;
  expect(joiner[header.indexOf("Day 1: claims processing")]).toBe("Present");
  expect(joiner[header.indexOf(en.cohorts.gradebook.meets)]).toBe("No");
  expect(records.find((r) => r[0] === "Participant 2")![header.indexOf("Day 1: claims processing")]).toBe("Absent");

  await noJs.close();
  await trainerNoJs.close();
});

test("a CSV with problems shows a per-line report and imports nothing", async ({ page }) => {
  await login(page, "trainer@example.org");
  await page.goto("/trainer/cohorts/demo-nhi-claims-vientiane/participants/import");
  const csv =
    "name,email,organisation,constituent group,sex,country\nA,not-an-email,,government,woman,Lao PDR\nB,b@example.org,,ministry,woman,Lao PDR\nB again,b@example.org,,government,woman,Lao PDR\n";
  await page.getByLabel(c.import.file).setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: c.import.preview }).click();
  await expect(page.getByText("The file has 3 problems. Fix them and upload the file again.")).toBeVisible();
  await expect(page.locator(".import-report tbody tr")).toHaveCount(3);
  await expect(page.getByText(c.import.nothingChanged)).toBeVisible();
  // Nobody from the file is a participant or invited (other tests join the demo workshop in parallel,
  // so the count of places is not fixed here).
  await page.goto("/trainer/cohorts/demo-nhi-claims-vientiane/participants");
  await expect(page.getByText(/\d+ of 40 places taken/)).toBeVisible();
  await expect(page.getByText("b@example.org")).toHaveCount(0);
});

test("a cohort member sees announcements and cannot open a module before it opens", async ({ page, browser }) => {
  await login(page, "trainer@example.org");
  const base = "/trainer/cohorts/demo-nhi-claims-vientiane";
  const note = `Bring your laptop (${Date.now()})`;
  await page.goto(`${base}/announcements`);
  await page.getByLabel(c.announcements.titleField).fill(note);
  await page.getByLabel(c.announcements.body).fill("Day 1 starts at 08:30 in the NHIB training room.");
  await page.getByRole("button", { name: c.announcements.post }).click();
  await expect(page.getByText(c.announcements.posted)).toBeVisible();
  // Lock the second module until a date far away.
  const second = foundations.modules[1]!;
  await page.goto(`${base}/schedule`);
  await page.locator(`#release-${second.slug}`).fill("2099-01-01");
  await page.getByRole("button", { name: c.schedule.saveReleases }).click();
  await expect(page.getByText(c.schedule.releasesSaved)).toBeVisible();

  const learner = await (await browser.newContext()).newPage();
  await login(learner, "learner@example.org");
  await expect(learner.getByRole("heading", { name: note })).toBeVisible();
  await learner.goto(`/courses/${foundations.slug}/${second.slug}/${second.lessons[0]!.slug}`);
  await expect(learner).toHaveURL(new RegExp(`/courses/${foundations.slug}\\?locked=${second.slug}$`));
  await expect(
    learner.getByText("This module opens for your cohort on 1 Jan 2099.").or(learner.getByText("This module opens for your cohort on Jan 1, 2099.")),
  ).toBeVisible();
  await expect(learner.getByRole("heading", { name: note })).toBeVisible();
  // A self-paced learner is not affected.
  await page.goto(`/courses/${foundations.slug}/${second.slug}/${second.lessons[0]!.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: second.lessons[0]!.versions.en.title })).toBeVisible();
  // Re-open, so other tests see the seed as it was.
  await page.goto(`${base}/schedule`);
  await page.locator(`#release-${second.slug}`).fill("");
  await page.getByRole("button", { name: c.schedule.saveReleases }).click();
  await expect(page.getByText(c.schedule.releasesSaved)).toBeVisible();
});
