import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isoDate, optionalInt, parseForm, requiredText, text } from "./forms.server";

function form(entries: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
}

describe("parseForm", () => {
  const schema = z.object({
    name: requiredText(5),
    kind: z.discriminatedUnion("intent", [z.object({ intent: z.literal("a") }), z.object({ intent: z.literal("b") })]).optional(),
    password: z.string().min(3, "validation.passwordShort"),
  });

  it("returns translation keys with values, and never echoes passwords", () => {
    const r = parseForm(form({ name: "toolong", password: "x" }), schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toEqual({ key: "validation.tooLong", values: { max: 5 } });
    expect(r.errors.password).toEqual({ key: "validation.passwordShort", values: { min: 3 } });
    expect(r.values).toEqual({ name: "toolong" });
  });

  it("turns a library's default message (even one containing |) into validation.invalid", () => {
    const union = z.discriminatedUnion("intent", [z.object({ intent: z.literal("revoke") }), z.object({ intent: z.literal("reissue") })]);
    const r = parseForm(form({ intent: "other" }), union);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.values(r.errors)[0]).toEqual({ key: "validation.invalid" });
  });
});

describe("field helpers", () => {
  const schema = z.object({ title: requiredText(10), note: text(3), day: isoDate(), places: optionalInt(1, 20) });

  it("take their message values from the zod issue or its params, not from the message text", () => {
    const r = parseForm(form({ title: "", note: "four", day: "2026-02-30", places: "99" }), schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      title: { key: "validation.required", values: { min: 1 } },
      note: { key: "validation.tooLong", values: { max: 3 } },
      day: { key: "validation.date" }, // not a real date
      places: { key: "validation.range", values: { min: 1, max: 20 } },
    });
  });

  it("accept good values, trimmed", () => {
    expect(parseForm(form({ title: " Vientiane ", note: "", day: "2028-02-29", places: "" }), schema)).toEqual({
      ok: true,
      data: { title: "Vientiane", note: "", day: "2028-02-29", places: null },
    });
  });

  it("a message in the old key|json form is not a key", () => {
    const r = parseForm(form({ x: "" }), z.object({ x: z.string().min(1, 'validation.tooLong|{"max":1}') }));
    expect(!r.ok && r.errors.x).toEqual({ key: "validation.invalid" });
  });
});
