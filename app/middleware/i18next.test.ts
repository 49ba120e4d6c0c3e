import { describe, expect, it } from "vitest";
import en from "#app/locales/en";
import lo from "#app/locales/lo";
import { instanceFor } from "./i18next.server";

describe("shared i18next instances", () => {
  it("one per language; plain lookups are remembered, interpolation, plurals and other languages still work", () => {
    const i18n = instanceFor("lo");
    expect(instanceFor("lo")).toBe(i18n);
    const t = i18n.getFixedT(null, "translation");
    expect(t("nav.courses")).toBe(lo.nav.courses);
    expect(t("nav.courses")).toBe(lo.nav.courses); // from the memo
    expect(i18n.t("nav.courses")).toBe(lo.nav.courses);
    expect(t("quiz.questionOf", { n: 2, total: 5 })).toBe(lo.quiz.questionOf.replace("{{n}}", "2").replace("{{total}}", "5"));
    expect(i18n.getFixedT("en")("nav.courses")).toBe(en.nav.courses);
    expect(i18n.t("nav.courses", { lng: "en" })).toBe(en.nav.courses);
    expect(instanceFor("en").t("catalog.lessons", { count: 1 })).toBe("1 lesson");
    expect(instanceFor("en").t("catalog.lessons", { count: 3 })).toBe("3 lessons");
    expect(instanceFor("en").t("catalog.level", { returnObjects: true })).toEqual(en.catalog.level);
    // react-i18next's shapes of getFixedT: default namespace (fast path), a key prefix, another language.
    expect(i18n.getFixedT(null, ["translation"])("nav.courses")).toBe(lo.nav.courses);
    expect(i18n.getFixedT(null, ["translation"])("catalog.lessons", { count: 2 })).toBe(i18n.t("catalog.lessons", { count: 2 }));
    expect(i18n.getFixedT(null, null, "nav")("courses")).toBe(lo.nav.courses);
    expect(i18n.getFixedT("vi", null)("nav.courses")).not.toBe(lo.nav.courses);
  });
});
