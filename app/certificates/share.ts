/**
 * LinkedIn's "Add to profile" link for a certification (LinkedIn's Add to Profile for Certifications:
 * https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=…&organizationName=…&issueYear=…&issueMonth=…&certUrl=…&certId=…).
 * A plain link: LinkedIn opens its form with these filled in and the holder checks and saves it;
 * no LinkedIn script runs on our pages and nothing is sent to LinkedIn until the holder follows it.
 * The holder's own name is never part of it. organizationName, not organizationId: the issuing
 * organisation is named as set by the administrator (an id would need a LinkedIn company page).
 */
export type LinkedInCertification = {
  /** The certification's name: the course title. */
  name: string;
  /** The issuing organisation. */
  organisation: string;
  /** When it was issued (ms); year and month in UTC, as the certificate prints its dates. */
  issuedAt: number;
  /** The public verification page. */
  verifyUrl: string;
  /** The certificate code, as LinkedIn's credential ID. */
  code: string;
};

export function linkedInAddUrl(c: LinkedInCertification): string {
  const issued = new Date(c.issuedAt);
  const params: [string, string][] = [
    ["startTask", "CERTIFICATION_NAME"],
    ["name", c.name],
    ["organizationName", c.organisation],
    ["issueYear", String(issued.getUTCFullYear())],
    ["issueMonth", String(issued.getUTCMonth() + 1)],
    ["certUrl", c.verifyUrl],
    ["certId", c.code],
  ];
  return `https://www.linkedin.com/profile/add?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
}

/** What the holder may do with a valid certificate: share its verify link, add it to LinkedIn, keep the credential. */
export type CertificateShareInfo = {
  code: string;
  verifyUrl: string;
  /** LinkedIn's add-to-profile link (only ever given to the holder). */
  linkedInUrl: string;
  /** The issuing organisation, named in the credential's explanation. */
  issuer: string;
};
