import { describe, expect, it } from "vitest";
import { linkedInAddUrl } from "./share";

describe("LinkedIn's add-to-profile link", () => {
  it("names the certification, organisation, issue year and month, credential URL and ID, each encoded", () => {
    const url = new URL(
      linkedInAddUrl({
        name: "Social health protection: foundations & C102",
        organisation: "Institut de sécurité sociale / ILO",
        issuedAt: Date.UTC(2026, 10, 21, 12),
        verifyUrl: "https://campus.example.org/verify/ABCD-EFGH-JKLM-NPQR",
        code: "ABCD-EFGH-JKLM-NPQR",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://www.linkedin.com/profile/add");
    expect([...url.searchParams.keys()]).toEqual(["startTask", "name", "organizationName", "issueYear", "issueMonth", "certUrl", "certId"]);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: "CERTIFICATION_NAME",
      name: "Social health protection: foundations & C102",
      organizationName: "Institut de sécurité sociale / ILO",
      issueYear: "2026",
      issueMonth: "11",
      certUrl: "https://campus.example.org/verify/ABCD-EFGH-JKLM-NPQR",
      certId: "ABCD-EFGH-JKLM-NPQR",
    });
    // Encoded, not raw: the "&" in the title cannot start a parameter of its own.
    expect(url.search).toContain("name=Social%20health%20protection%3A%20foundations%20%26%20C102");
    expect(url.search).toContain("certUrl=https%3A%2F%2Fcampus.example.org%2Fverify%2FABCD-EFGH-JKLM-NPQR");
  });

  it("takes the year and month in UTC, as the certificate prints its dates", () => {
    // 31 December 23:30 UTC is already 1 January in Vientiane; the certificate says December.
    const url = new URL(linkedInAddUrl({ name: "x", organisation: "y", issuedAt: Date.UTC(2026, 11, 31, 23, 30), verifyUrl: "https://a/verify/b", code: "b" }));
    expect(url.searchParams.get("issueYear")).toBe("2026");
    expect(url.searchParams.get("issueMonth")).toBe("12");
  });
});
