import { isSecureRequest } from "./middleware/security.server";

/** Headers every HTML page carries. */
export function applySecurityHeaders(headers: Headers, request: Request, nonce: string) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      // No inline script runs unless it carries this response's nonce (React Router's hydration data).
      `script-src 'self' 'nonce-${nonce}'`,
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
  if (process.env.NODE_ENV === "production" && isSecureRequest(request)) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
