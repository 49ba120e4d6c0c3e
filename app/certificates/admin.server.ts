import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client";
import { users, type User } from "#db/schema";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { requiredText, text } from "#app/forms.server";
import {
  certificateScope,
  certificateStatus,
  findCertificateByCode,
  inScope,
  reissueCertificate,
  revokeCertificate,
  searchCertificates,
} from "./certificates.server";

const code = requiredText(40);

export const AdminCertificateSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), code, reason: requiredText(500) }),
  // holderName is read only from administrators; a trainer's re-issue prints the holder's own profile name.
  z.object({ intent: z.literal("reissue"), code, holderName: text(200).optional() }),
]);
export type AdminCertificateInput = z.infer<typeof AdminCertificateSchema>;

/** The certificates list for admins (all) and trainers (their cohorts only). */
export function certificateRows(db: Db, user: Pick<User, "id" | "role">, q: string, locale: string) {
  const scope = certificateScope(db, user);
  if (!scope) return [];
  return searchCertificates(db, q, 100, scope).map(({ certificate: c, email, currentName }) => {
    const course = findCourse(c.courseSlug);
    return {
      code: c.code,
      holderName: c.holderName,
      locale: c.locale,
      currentName,
      email,
      courseTitle: course ? pick(course.title, locale).text : c.courseSlug,
      issuedAt: c.issuedAt,
      status: certificateStatus(c),
    };
  });
}

export type ManageResult =
  { ok: true; code: string } | { ok: false; reason: "not-found" | "forbidden" | "already-revoked" | "revoked" | "replaced" | "no-change" | "name-required" };

/**
 * Revokes or re-issues, after checking that this person may manage this certificate. A name
 * correction is the holder's to make: a trainer's re-issue prints the holder's CURRENT profile name
 * (the holder corrects it on /me/profile), never a name the trainer types; only an administrator
 * may type a name (e.g. a transliteration the holder asked for). Every re-issue is audited.
 */
export function manageCertificate(db: Db, user: Pick<User, "id" | "role">, input: AdminCertificateInput): ManageResult {
  const scope = certificateScope(db, user);
  const cert = findCertificateByCode(db, input.code);
  if (!cert) return { ok: false, reason: "not-found" };
  if (!scope || !inScope(scope, cert)) return { ok: false, reason: "forbidden" };
  if (input.intent === "revoke") {
    const r = revokeCertificate(db, user, cert.code, input.reason);
    return r.ok ? { ok: true, code: r.certificate.code } : r;
  }
  // A closed account's certificate is never re-issued under a name: that would identify the person again.
  if (cert.holderName === "") return { ok: false, reason: "not-found" };
  const profile = db.select({ name: users.name, nameLatin: users.nameLatin }).from(users).where(eq(users.id, cert.userId)).get();
  const profileName = profile?.name ?? "";
  const holderName = user.role === "admin" ? input.holderName || profileName : profileName;
  if (!holderName) return { ok: false, reason: "name-required" };
  // A corrected name in Latin letters (from the holder's profile) is a change too.
  if (holderName === cert.holderName && (profile?.nameLatin ?? "") === cert.holderNameLatin) return { ok: false, reason: "no-change" };
  const r = reissueCertificate(db, user, cert.code, holderName);
  return r.ok ? { ok: true, code: r.certificate.code } : r;
}
