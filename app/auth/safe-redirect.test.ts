import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./guards.server";

// Post-login destinations come from a query string or a hidden field: anything a person (or an
// attacker's link) can type. Only a path on this site may come out, and never an exception.
describe("safeRedirectPath", () => {
  const offSite = [
    "//evil.example/phish",
    "/.//evil.example",
    "/\t/evil.example/phish", // %2F%09%2F: the URL parser drops the tab, leaving //evil.example
    "/\n/evil.example/phish",
    "/\r/evil.example/phish",
    "/\r\n/evil.example/phish",
    "\t//evil.example",
    " //evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "",
    "/" + "a".repeat(5000),
  ];
  it.each(offSite)("refuses %j", (input) => {
    expect(safeRedirectPath(input)).toBe("/me");
  });

  it("refuses non-strings and uses the given fallback", () => {
    expect(safeRedirectPath(null)).toBe("/me");
    expect(safeRedirectPath(undefined, "/")).toBe("/");
    expect(safeRedirectPath(["/me"], "/")).toBe("/");
  });

  it("never returns control characters or a value a Location header would reject", () => {
    for (const input of ["/me\nSet-Cookie: x=1", "/me\r\nX: y", "/me\u0000", "/courses/%0d%0aX:%20y", "/a\u2028b"]) {
      const out = safeRedirectPath(input);
      expect(out.startsWith("/")).toBe(true);
      expect(out.startsWith("//")).toBe(false);
      expect(/[\u0000-\u001f\u007f\s\\]/.test(out)).toBe(false);
      expect(() => new Headers({ Location: out })).not.toThrow();
    }
  });

  const kept: [string, string][] = [
    ["/me", "/me"],
    ["/courses/shp-foundations/01-intro/01-what?x=1#top", "/courses/shp-foundations/01-intro/01-what?x=1#top"],
    ["/trainer/cohorts/abc?tab=participants&sort=name", "/trainer/cohorts/abc?tab=participants&sort=name"],
    ["/join/NHKVTE26", "/join/NHKVTE26"],
    ["/courses/ສະບາຍດີ", "/courses/%E0%BA%AA%E0%BA%B0%E0%BA%9A%E0%BA%B2%E0%BA%8D%E0%BA%94%E0%BA%B5"],
    ["/a/../me", "/me"],
    ["/%2F/evil.example", "/%2F/evil.example"], // an encoded slash stays a path segment
  ];
  it.each(kept)("keeps the same-site path %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
