import { describe, expect, it } from "vitest";
import en from "./en";
import lo from "./lo";
import vi from "./vi";
import { checkUiStrings } from "./check";

const copy = <T>(v: T): T => structuredClone(v);

describe("UI string check (npm run content:check)", () => {
  it("a complete translation passes", () => {
    expect(checkUiStrings("lo", en, lo)).toEqual([]);
    expect(checkUiStrings("vi", en, vi)).toEqual([]);
  });

  it("a deliberately broken copy: a missing key, an extra key, an empty string and a changed placeholder are each reported", () => {
    const broken = copy(vi) as unknown as Record<string, Record<string, unknown>>;
    delete broken.nav!.courses;
    broken.nav!.extraKey = "Thừa";
    broken.auth!.email = " ";
    broken.course!.progressLabel = "Hoàn thành {{percentage}}%";
    const messages = checkUiStrings("vi", en, broken).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'missing UI string "nav.courses"',
        'UI string "nav.extraKey" is not in en.ts',
        'empty UI string "auth.email"',
        'UI string "course.progressLabel" placeholders differ from English: missing {{percent}}, unknown {{percentage}}',
      ]),
    );
    expect(messages).toHaveLength(4);
  });

  it("plural keys follow the locale's own categories: Khmer needs only _other, and a missing _other is reported", () => {
    const onlyOther = copy(vi) as unknown as { catalog: Record<string, unknown> };
    delete onlyOther.catalog.lessons_one;
    expect(checkUiStrings("km", en, onlyOther)).toEqual([]);
    delete onlyOther.catalog.lessons_other;
    expect(checkUiStrings("km", en, onlyOther).map((p) => p.key)).toEqual(["catalog.lessons_other"]);
    // English needs both forms.
    const english = copy(en) as unknown as { catalog: Record<string, unknown> };
    delete english.catalog.lessons_one;
    expect(checkUiStrings("en", en, english).map((p) => p.key)).toEqual(["catalog.lessons_one"]);
  });

  it("a nested object where en has a string is reported as missing and unknown keys", () => {
    const broken = copy(lo) as unknown as { nav: Record<string, unknown> };
    broken.nav.login = { text: "ເຂົ້າສູ່ລະບົບ" };
    expect(checkUiStrings("lo", en, broken).map((p) => p.message)).toEqual(['missing UI string "nav.login"', 'UI string "nav.login.text" is not in en.ts']);
  });
});
