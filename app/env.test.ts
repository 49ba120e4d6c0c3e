import { describe, expect, it } from "vitest";
import { env, parseTrustProxy, publicOrigin } from "./env.server";

describe("TRUST_PROXY", () => {
  it("is off unless set: no forwarded header is believed", () => {
    expect(parseTrustProxy(undefined)).toEqual({ ok: true, value: false });
    expect(parseTrustProxy("")).toEqual({ ok: true, value: false });
    expect(parseTrustProxy("off")).toEqual({ ok: true, value: false });
    expect(parseTrustProxy("0")).toEqual({ ok: true, value: false });
  });
  it("takes a number of hops, or a list of addresses, CIDRs and Express's names", () => {
    expect(parseTrustProxy("1")).toEqual({ ok: true, value: 1 });
    expect(parseTrustProxy("2")).toEqual({ ok: true, value: 2 });
    expect(parseTrustProxy("10.0.0.1")).toEqual({ ok: true, value: ["10.0.0.1"] });
    expect(parseTrustProxy("loopback, 10.0.0.0/8 ,fd00::/8")).toEqual({ ok: true, value: ["loopback", "10.0.0.0/8", "fd00::/8"] });
  });
  it('refuses anything else with a message ("true" would trust every hop: the client\'s own header)', () => {
    for (const bad of ["true", "on", "yes", "-1", "1.5", "100", "10.0.0.0/33", "evil.example", "10.0.0.1,,", "::1/129"]) {
      const out = parseTrustProxy(bad);
      expect(out.ok, bad).toBe(false);
    }
  });
});

describe("publicOrigin", () => {
  it("never comes from a request: PUBLIC_ORIGIN or http://localhost:PORT", () => {
    expect(publicOrigin()).toBe((env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""));
  });
});
