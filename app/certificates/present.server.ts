import type { TFunction } from "i18next";
import type { Db } from "#db/client";
import type { Certificate } from "#db/schema";
import { limitAttempts, RULES } from "#app/auth/rate-limit.server";
import type { Course } from "#app/content/catalog.server";
import { findCourse } from "#app/content/content.server";
import { isLocale, pick, type Locale } from "#app/content/locales";
import { certificateStatus, certificatesOfUser, findCertificateByCode, getCertificate } from "./certificates.server";
import { buildCredential, signCredential, type AchievementInfo } from "./credential.server";
import { ISSUER_NAME } from "./issuer";
import { getCertificateOrganisation, getOrganisation } from "./organisation.server";
import { ensureStatusEntry } from "./status-entry.server";
import { renderCertificatePdf, type PdfLabels } from "./pdf.server";
import { describeCohort } from "./rules.server";
import { certificateCriteria, criteriaLines } from "./criteria.server";
import { formatDay, formatInstant, formatNumber } from "#app/i18n/datetime";
import { instanceFor } from "#app/middleware/i18next.server";
import { linkedInAddUrl, type CertificateShareInfo } from "./share";

/**
 * Reserves one public lookup (verify page, PDF, badge) for the client's IP before the lookup;
 * false when over the limit (generous: a workshop of 60 people shares one NAT address).
 */
export function allowVerifyLookup(db: Db, clientAddress: string): boolean {
  return limitAttempts(db, [{ key: `verify:${clientAddress}`, rule: RULES.verifyPerIp }]).allowed;
}

/** The criteria in one language, as lines (see criteria.server.ts). */
function criteriaIn(db: Db, cert: Certificate, lng: string): string[] {
  const c = certificateCriteria(db, cert);
  return c ? criteriaLines(c, instanceFor(lng).getFixedT(lng), (day) => formatDay(day, lng, "dateLong")) : [];
}

/** The badge's criteria narrative: what was required, in English (the credential's language). */
function criteriaText(db: Db, course: Course | undefined, cert: Certificate): string {
  const lines = criteriaIn(db, cert, "en");
  if (lines.length > 0) return lines.map((l) => `${l}.`).join(" ");
  return course ? `Complete every lesson of the course.` : cert.courseSlug;
}

/** The achievement in English, the credential's language. */
export function achievementInfo(db: Db, cert: Certificate): AchievementInfo {
  const course = findCourse(cert.courseSlug);
  return {
    slug: cert.courseSlug,
    title: course ? course.title.en : cert.courseSlug,
    description: course ? course.summary.en : cert.courseSlug,
    criteria: criteriaText(db, course, cert),
    cohortTitle: describeCohort(db, cert.cohortId)?.title ?? null,
  };
}

/** The certificate's signed Open Badge, built on demand (the signature is cached: ADR 0021). */
export function signedCredentialFor(db: Db, cert: Certificate, origin: string) {
  const entry = ensureStatusEntry(db, cert);
  return signCredential(db, buildCredential(cert, achievementInfo(db, cert), origin, getOrganisation(db, origin), entry), origin, cert.issuedAt);
}

/** Everything the public verification page shows, in the page's language. */
export function verificationView(db: Db, code: string, locale: string) {
  const cert = findCertificateByCode(db, code);
  if (!cert) return null;
  const course = findCourse(cert.courseSlug);
  const cohort = describeCohort(db, cert.cohortId);
  const replacement = cert.replacedById ? getCertificate(db, cert.replacedById) : undefined;
  return {
    code: cert.code,
    kind: cert.kind,
    holderName: cert.holderName,
    /** The holder has since closed their account: the certificate stands, without a name. */
    holderErased: db.$client.prepare("select erased_at is not null from users where id = ?").pluck().get(cert.userId) === 1,
    holderLocale: cert.locale,
    course: course ? { slug: course.slug, title: pick(course.title, locale).text } : { slug: cert.courseSlug, title: cert.courseSlug },
    outcomes: course ? (course.outcomes[locale as Locale] ?? course.outcomes.en) : [],
    outcomesLang: course && course.outcomes[locale as Locale] ? locale : "en",
    cohort,
    achievedOn: cert.achievedOn,
    issuedAt: cert.issuedAt,
    issuer: ISSUER_NAME,
    status: certificateStatus(cert),
    revokedAt: cert.revokedAt,
    revokedReason: cert.revokedReason,
    replacedAt: cert.replacedAt,
    replacedReason: cert.replacedReason,
    replacedBy: replacement?.code ?? null,
    criteria: criteriaIn(db, cert, locale),
  };
}

/**
 * What the holder may share of a valid certificate: the verify link, LinkedIn's add-to-profile link
 * (the course's English title, as in the credential; the holder may edit it on LinkedIn), and the
 * issuer named in the credential's explanation. Null for a certificate that is not valid.
 */
function shareOf(cert: Certificate, organisation: string, origin: string): CertificateShareInfo | null {
  if (certificateStatus(cert) !== "valid" || cert.holderName === "") return null;
  const course = findCourse(cert.courseSlug);
  const verifyUrl = `${origin}/verify/${cert.code}`;
  const name = course ? course.title.en : cert.courseSlug;
  return {
    code: cert.code,
    verifyUrl,
    issuer: organisation,
    linkedInUrl: linkedInAddUrl({ name, organisation, issuedAt: cert.issuedAt, verifyUrl, code: cert.code }),
  };
}

/** The sharing block of the verify page: only for the signed-in holder of a valid certificate. */
export function holderShare(db: Db, code: string, userId: string | null | undefined, origin: string): CertificateShareInfo | null {
  if (!userId) return null;
  const cert = findCertificateByCode(db, code);
  if (!cert || cert.userId !== userId) return null;
  return shareOf(cert, getOrganisation(db, origin).name, origin);
}

export function myCertificates(db: Db, userId: string, locale: string, origin: string) {
  const organisation = getOrganisation(db, origin).name;
  return certificatesOfUser(db, userId).map((c) => {
    const course = findCourse(c.courseSlug);
    return {
      code: c.code,
      kind: c.kind,
      courseTitle: course ? pick(course.title, locale).text : c.courseSlug,
      issuedAt: c.issuedAt,
      status: certificateStatus(c),
      shareUrl: `${origin}/verify/${c.code}`,
      share: shareOf(c, organisation, origin),
    };
  });
}

function dateIn(locale: string, ms: number) {
  return formatInstant(ms, "dateLong", locale, "UTC");
}

/**
 * The PDF, in the holder's language and English. `tFor` gives a translation function per locale;
 * a language without UI translations (any not in `translated`) gets an English-only certificate,
 * though the holder's name and any content titles still print in their own script.
 */
export function certificatePdf(db: Db, cert: Certificate, origin: string, tFor: (lng: string) => TFunction, translated: readonly string[]) {
  const course = findCourse(cert.courseSlug);
  const cohort = describeCohort(db, cert.cohortId);
  const hasLocal = cert.locale !== "en" && translated.includes(cert.locale);
  const organisation = getCertificateOrganisation(db, origin);
  const frozen = certificateCriteria(db, cert);
  // The hours get their own line in both languages; the other criteria follow in one line.
  const hoursIn = (lng: string) =>
    frozen?.hours ? tFor(lng)("certificates.pdf.hours", { count: frozen.hours, hours: formatNumber(frozen.hours, lng, 1) }) : null;
  const criteria = frozen
    ? criteriaLines({ ...frozen, hours: null }, instanceFor(hasLocal ? cert.locale : "en").getFixedT(hasLocal ? cert.locale : "en"), (day) =>
        formatDay(day, hasLocal ? cert.locale : "en", "dateLong"),
      )
    : [];
  const englishHours = hoursIn("en");
  const labels = (lng: string): PdfLabels => {
    const t = tFor(lng);
    const title = course ? (isLocale(lng) ? pick(course.title, lng).text : course.title.en) : cert.courseSlug;
    return {
      title: t(`certificates.kind.${cert.kind}`),
      certifies: t("certificates.pdf.certifies"),
      body: cert.kind === "completion" ? t("certificates.pdf.completed") : t("certificates.pdf.participated"),
      courseTitle: title,
      achievedOn: t("certificates.pdf.achievedOn", { date: dateIn(lng, cert.achievedOn) }),
    };
  };
  const t = tFor(hasLocal ? cert.locale : "en");
  const verifyUrl = `${origin}/verify/${cert.code}`;
  return renderCertificatePdf({
    code: cert.code,
    holderName: cert.holderName,
    holderNameLatin: cert.holderNameLatin,
    locale: cert.locale,
    local: hasLocal ? labels(cert.locale) : null,
    english: labels("en"),
    cohort: cohort?.title ?? null,
    criteria,
    hours: englishHours ? { local: hasLocal ? hoursIn(cert.locale) : null, english: englishHours } : null,
    logo: organisation.logo,
    signatory: organisation.signatory.name || organisation.signatory.image ? organisation.signatory : null,
    issuer: organisation.name,
    issuedBy: t("certificates.pdf.issuedBy", { issuer: organisation.name }),
    codeLine: t("certificates.pdf.code", { code: cert.code }),
    glyphsMissing: t("certificates.pdf.glyphsMissing"),
    verifyAt: t("certificates.pdf.verifyAt"),
    scan: t("certificates.pdf.scan"),
    verifyUrl,
  });
}
