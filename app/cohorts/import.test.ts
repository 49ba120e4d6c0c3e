import { describe, expect, it } from "vitest";
import lo from "#app/locales/lo";
import { participantsTemplate, parseParticipantsCsv, skippedLinesCsv } from "./import.server";

const enc = (s: string) => new TextEncoder().encode(s);

describe("participants CSV: template and valid rows only", () => {
  it("the template names each column in the trainer's language and in English, and the parser reads it back", () => {
    const template = participantsTemplate("lo");
    const header = template.replace(/^\uFEFF/, "").split("\r\n")[0]!;
    expect(header.split(",").slice(0, 2)).toEqual([`name (${lo.auth.name})`, `email (${lo.auth.email})`]);
    expect(
      participantsTemplate("en")
        .replace(/^\uFEFF/, "")
        .split("\r\n")[0],
    ).toBe("name,email,organisation,constituent group,sex,country");
    const parsed = parseParticipantsCsv(enc(`${template}ສົມໃຈ,somchai@example.org,ກະຊວງສາທາລະນະສຸກ,ລັດຖະບານ,ຊາຍ,ລາວ\r\n`));
    expect(parsed).toMatchObject({ ok: true, rows: [{ email: "somchai@example.org", constituentGroup: "government", sex: "man", country: "LA" }] });
  });

  it("a file with bad lines still yields its valid rows and the skipped lines with their problems", () => {
    const csv = [
      "name,email,organisation,constituent group,sex,country",
      "Noy,noy@example.org,MoH,Government,Woman,Lao PDR",
      "Bad,not-an-address,MoH,Government,Woman,Lao PDR",
      'Lan,lan@example.org,"VSS, Hanoi",workers,woman,VN',
      "Odd,odd@example.org,MoH,Martians,Woman,LA",
    ].join("\n");
    const parsed = parseParticipantsCsv(enc(csv));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.validRows.map((r) => [r.line, r.email])).toEqual([
      [2, "noy@example.org"],
      [4, "lan@example.org"],
    ]);
    expect(parsed.skipped.map((s) => s.line)).toEqual([3, 5]);
    const out = skippedLinesCsv(parsed, (i) => `${i.key}`);
    const lines = out
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("line,problem,name,email,organisation,constituent group,sex,country");
    expect(lines[1]).toBe("3,cohorts.import.errors.email,Bad,not-an-address,MoH,Government,Woman,Lao PDR");
    expect(lines[2]).toBe("5,cohorts.import.errors.group,Odd,odd@example.org,MoH,Martians,Woman,LA");
  });

  it("a file-level problem (columns) has no valid rows to offer", () => {
    const parsed = parseParticipantsCsv(enc("name,mail\nA,a@example.org\n"));
    expect(parsed).toMatchObject({ ok: false, validRows: [], skipped: [] });
  });
});
