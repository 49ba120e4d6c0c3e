import type { TFunction } from "i18next";
import type { Db } from "#db/client";
import type { Certificate, CertificateCriteria } from "#db/schema";
import { findCourse } from "#app/content/content.server";
import { criteriaOf } from "./certificates.server";
import { evaluateCertificateRules } from "./rules.server";

/**
 * What a certificate certifies: the snapshot frozen at issuance, or — for certificates issued before
 * snapshots were kept — the rules evaluated as they stand (the holder met them, or it would not exist).
 */
export function certificateCriteria(db: Db, cert: Certificate): CertificateCriteria | null {
  if (cert.criteria) return cert.criteria;
  const course = findCourse(cert.courseSlug);
  if (!course) return null;
  return criteriaOf(db, course, evaluateCertificateRules(db, { userId: cert.userId, course, cohortId: cert.cohortId }), cert.cohortId);
}

/**
 * The criteria in words, one line each, in t's language: hours, each rule met with its figures
 * ("Passed the final assessment (pass mark 70%)", "Attended 4 of 4 workshop sessions…"), and the
 * workshop with its dates. `date` formats a 'YYYY-MM-DD' day.
 */
export function criteriaLines(c: CertificateCriteria, t: TFunction, date: (day: string) => string): string[] {
  const lines: string[] = [];
  for (const r of c.rules) {
    const d = r.detail;
    if (r.id === "cohort-allModules" && !d.quizzesTotal) lines.push(t("certificates.criteria.lessonsOnly", { count: d.lessonsTotal ?? 0 }));
    else lines.push(t(`certificates.criteria.${r.id}`, { ...d, count: d.total ?? d.lessonsTotal ?? 0 }));
  }
  if (c.cohort) {
    const where = c.cohort.venue ? `${c.cohort.title}, ${c.cohort.venue}` : c.cohort.title;
    lines.push(t("certificates.criteria.workshop", { workshop: where, from: date(c.cohort.startsOn), to: date(c.cohort.endsOn) }));
  }
  if (c.hours) lines.push(t("certificates.criteria.hours", { count: c.hours }));
  return lines;
}
