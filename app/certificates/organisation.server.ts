/**
 * The organisation that issues certificates and credentials: named on every PDF, in the issuer
 * profile of every Open Badge and on the verify page. One place to read it, so the PDF, the
 * credential and the page can never disagree.
 *
 * The name is the operator an administrator sets at /admin/privacy (the organisation that runs the
 * platform); until it is set, the platform's own name. The URL is the platform's public origin.
 */
import type { Db } from "#db/client";
import { getSiteSettings } from "#app/privacy/settings.server";
import { ISSUER_NAME } from "./issuer";

export type Organisation = {
  /** Shown as the issuer: "Issued by …". */
  name: string;
  /** The issuer's web address (the platform's public origin). */
  url: string;
  /** The contact address, or "" when none is set. */
  email: string;
};

export function getOrganisation(db: Db, origin: string): Organisation {
  const s = getSiteSettings(db);
  return { name: s.operator.trim() || ISSUER_NAME, url: origin, email: s.contactEmail };
}
