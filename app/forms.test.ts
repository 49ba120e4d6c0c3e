import { describe, expect, it } from "vitest";
import { z } from "zod";
import { msg, parseForm } from "./forms.server";

function form(entries: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
}

describe("parseForm", () => {
  const schema = z.object({
    name: z.string().min(1, "validation.required").max(5, msg("validation.tooLong", { max: 5 })),
    kind: z.discriminatedUnion("intent", [z.object({ intent: z.literal("a") }), z.object({ intent: z.literal("b") })]).optional(),
    password: z.string().min(3, "validation.passwordShort"),
  });

  it("returns translation keys with values, and never echoes passwords", () => {
    const r = parseForm(form({ name: "toolong", password: "x" }), schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toEqual({ key: "validation.tooLong", values: { max: 5 } });
    expect(r.errors.password).toEqual({ key: "validation.passwordShort" });
    expect(r.values).toEqual({ name: "toolong" });
  });

  it("turns a library's default message (even one containing |) into validation.invalid", () => {
    const union = z.discriminatedUnion("intent", [z.object({ intent: z.literal("revoke") }), z.object({ intent: z.literal("reissue") })]);
    const r = parseForm(form({ intent: "other" }), union);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.values(r.errors)[0]).toEqual({ key: "validation.invalid" });
  });
});
