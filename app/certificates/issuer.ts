/** The organisation named on every certificate and credential. One place to change it. */
export const ISSUER_NAME = "SHP Campus";
