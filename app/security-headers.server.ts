import { isSecureRequest } from "./middleware/security.server";

/** Headers every HTML page carries. */
export function applySecurityHeaders(headers: Headers, request: Request) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      // React Router's hydration data is an inline script; see docs/decisions for the nonce plan.
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  );
  if (process.env.NODE_ENV === "production" && isSecureRequest(request))
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
