import { createContext } from "react-router";
import type { User } from "#db/schema";

/** The logged-in user for this request (null when anonymous). Set by the auth middleware. */
export const userContext = createContext<User | null>(null);
/** The current session id (hash), for logout. */
export const sessionIdContext = createContext<string | null>(null);
/** The HTTP method of the original request (loaders re-run after a form post see a GET request). */
export const requestMethodContext = createContext<string>("GET");
/**
 * The client's address as Express derives it (`req.ip` under TRUST_PROXY): the only client
 * address rate limits may use. Set by server.mjs through getLoadContext (entry.server's
 * createLoadContext); "unknown" when the server did not provide one.
 */
export const clientAddressContext = createContext<string>("unknown");
