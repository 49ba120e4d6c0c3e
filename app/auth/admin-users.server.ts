import { and, desc, eq, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { auditLog, ROLES, users, type Role, type User } from "#db/schema";
import { invalidateUserSessions } from "./session.server";

export const USERS_PER_PAGE = 50;

export type UserQuery = { q: string; role: Role | ""; country: string; status: "" | "active" | "deactivated"; page: number };

/** The list's filters from a query string; anything unknown is dropped, never an error. */
export function parseUserQuery(params: URLSearchParams): UserQuery {
  const role = params.get("role") ?? "";
  const status = params.get("status") ?? "";
  const page = Number(params.get("page") ?? "1");
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    role: (ROLES as readonly string[]).includes(role) ? (role as Role) : "",
    country: (params.get("country") ?? "").trim().slice(0, 100),
    status: status === "active" || status === "deactivated" ? status : "",
    page: Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
  };
}

/** The query string of a list view (without defaults), to come back to after an action. */
export function userQueryString(query: UserQuery, over: Partial<UserQuery> = {}): string {
  const v = { ...query, ...over };
  const p = new URLSearchParams();
  if (v.q) p.set("q", v.q);
  if (v.role) p.set("role", v.role);
  if (v.country) p.set("country", v.country);
  if (v.status) p.set("status", v.status);
  if (v.page > 1) p.set("page", String(v.page));
  return p.toString();
}

function where(query: UserQuery): SQL | undefined {
  const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return and(
    query.q ? or(sql`${users.email} LIKE ${pattern} ESCAPE '\\'`, sql`${users.name} LIKE ${pattern} ESCAPE '\\'`) : undefined,
    query.role ? eq(users.role, query.role) : undefined,
    query.country ? sql`lower(${users.country}) = lower(${query.country})` : undefined,
    query.status === "active" ? isNull(users.deactivatedAt) : query.status === "deactivated" ? isNotNull(users.deactivatedAt) : undefined,
  );
}

/** One page of the filtered list, newest first (ties by id, so pages never overlap), with "51–100 of 105" figures. */
export function listUsers(db: Db, query: UserQuery, perPage = USERS_PER_PAGE) {
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(where(query))
      .get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(query.page, pages);
  const rows = db
    .select()
    .from(users)
    .where(where(query))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  return { rows, total, page, pages, from: total === 0 ? 0 : (page - 1) * perPage + 1, to: (page - 1) * perPage + rows.length };
}

/** Every user of the filtered list (for the CSV export). */
export function allUsers(db: Db, query: UserQuery): User[] {
  return db.select().from(users).where(where(query)).orderBy(desc(users.createdAt), desc(users.id)).all();
}

/** The countries people entered, for the filter's list. */
export function userCountries(db: Db): string[] {
  return db
    .selectDistinct({ country: users.country })
    .from(users)
    .where(sql`${users.country} <> ''`)
    .orderBy(users.country)
    .limit(300)
    .all()
    .map((r) => r.country);
}

export type DeactivateResult = "ok" | "not-found" | "self";

/**
 * Deactivates an account: sign-in is refused with a clear message and every session ends at once.
 * Nothing of the person's data (progress, attempts, certificates, memberships) is removed.
 */
export function deactivateUser(db: Db, actor: Pick<User, "id">, userId: string, now = Date.now()): DeactivateResult {
  if (actor.id === userId) return "self";
  return inTransaction(db, (tx) => {
    const target = tx.select({ id: users.id, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId)).get();
    if (!target) return "not-found";
    if (target.deactivatedAt === null) {
      tx.update(users).set({ deactivatedAt: now, updatedAt: now }).where(eq(users.id, userId)).run();
      tx.insert(auditLog)
        .values({ actorId: actor.id, action: "user.deactivate", subject: `user:${userId}` })
        .run();
    }
    invalidateUserSessions(tx, userId);
    return "ok";
  });
}

/** Lets a deactivated account sign in again, with its data as it was. */
export function reactivateUser(db: Db, actor: Pick<User, "id">, userId: string, now = Date.now()): "ok" | "not-found" {
  return inTransaction(db, (tx) => {
    const target = tx.select({ id: users.id, deactivatedAt: users.deactivatedAt, erasedAt: users.erasedAt }).from(users).where(eq(users.id, userId)).get();
    // An erased account is an anonymous tombstone: there is nothing to bring back.
    if (!target || target.erasedAt !== null) return "not-found";
    if (target.deactivatedAt !== null) {
      tx.update(users).set({ deactivatedAt: null, updatedAt: now }).where(eq(users.id, userId)).run();
      tx.insert(auditLog)
        .values({ actorId: actor.id, action: "user.reactivate", subject: `user:${userId}` })
        .run();
    }
    return "ok";
  });
}
