import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { cohortMembers, lessonProgress, users } from "#db/schema";
import { hashPassword } from "./password.server";
import { createSession, validateSessionToken } from "./session.server";
import { authenticate } from "./accounts.server";
import { deactivateUser, listUsers, parseUserQuery, reactivateUser, userQueryString } from "./admin-users.server";

describe("deactivated accounts", () => {
  it("cannot sign in (with the right password: a clear reason; with a wrong one: the usual answer), sessions end, data stays", async () => {
    const db = createTestDb();
    const admin = insertUser(db, { role: "admin" });
    const user = insertUser(db, { email: "vong@example.org", passwordHash: await hashPassword("a-strong-password-1") });
    db.insert(lessonProgress).values({ userId: user.id, courseSlug: "c", lessonKey: "m/l", completedAt: 1 }).run();
    const { token } = createSession(db, user.id);
    expect(deactivateUser(db, admin, user.id)).toBe("ok");
    expect(validateSessionToken(db, token).user).toBeNull();
    expect(await authenticate(db, "vong@example.org", "a-strong-password-1", "1.1.1.1")).toEqual({ ok: false, reason: "deactivated" });
    expect(await authenticate(db, "vong@example.org", "wrong-password", "1.1.1.1")).toEqual({ ok: false, reason: "invalid" });
    expect(db.select().from(lessonProgress).where(eq(lessonProgress.userId, user.id)).all()).toHaveLength(1);
    expect(reactivateUser(db, admin, user.id)).toBe("ok");
    expect(await authenticate(db, "vong@example.org", "a-strong-password-1", "1.1.1.1")).toMatchObject({ ok: true });
  });

  it("refuses a session that outlived the deactivation (e.g. a row written by another process in between)", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const { token } = createSession(db, user.id);
    db.update(users).set({ deactivatedAt: Date.now() }).where(eq(users.id, user.id)).run();
    expect(validateSessionToken(db, token).user).toBeNull();
  });

  it("an admin cannot deactivate themself; unknown ids are reported", () => {
    const db = createTestDb();
    const admin = insertUser(db, { role: "admin" });
    expect(deactivateUser(db, admin, admin.id)).toBe("self");
    expect(deactivateUser(db, admin, "nobody")).toBe("not-found");
    expect(reactivateUser(db, admin, "nobody")).toBe("not-found");
    // Memberships are kept too.
    expect(db.select().from(cohortMembers).all()).toEqual([]);
  });
});

describe("the users list", () => {
  it("pages by 50 with figures, filters by role, country and text, and drops unknown filter values", () => {
    const db = createTestDb();
    for (let i = 0; i < 105; i++)
      insertUser(db, {
        name: `Person ${i}`,
        email: `p${i}@example.org`,
        country: i % 2 ? "Lao PDR" : "Viet Nam",
        createdAt: 1000 + i,
        role: i < 5 ? "trainer" : "learner",
      });
    const p2 = listUsers(db, parseUserQuery(new URLSearchParams("page=2")));
    expect([p2.from, p2.to, p2.total, p2.pages]).toEqual([51, 100, 105, 3]);
    const p3 = listUsers(db, parseUserQuery(new URLSearchParams("page=3")));
    expect([p3.from, p3.to]).toEqual([101, 105]);
    // Pages do not overlap and cover everyone.
    const ids = new Set([1, 2, 3].flatMap((page) => listUsers(db, { ...parseUserQuery(new URLSearchParams()), page }).rows.map((r) => r.id)));
    expect(ids.size).toBe(105);
    // Past the end: the last page.
    expect(listUsers(db, parseUserQuery(new URLSearchParams("page=99"))).page).toBe(3);
    expect(listUsers(db, parseUserQuery(new URLSearchParams("role=trainer"))).total).toBe(5);
    expect(listUsers(db, parseUserQuery(new URLSearchParams("country=lao pdr"))).total).toBe(52);
    expect(listUsers(db, parseUserQuery(new URLSearchParams("q=Person 10"))).total).toBe(6); // 10, 100–104
    expect(listUsers(db, parseUserQuery(new URLSearchParams("q=%25"))).total).toBe(0);
    const junk = parseUserQuery(new URLSearchParams("role=root&page=-4&status=gone"));
    expect(junk).toMatchObject({ role: "", page: 1, status: "" });
    expect(userQueryString(parseUserQuery(new URLSearchParams("q=vong&role=learner&page=2&evil=1")))).toBe("q=vong&role=learner&page=2");
  });
});
