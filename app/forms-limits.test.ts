import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FORM_LIMITS, readForm, readFormWithin } from "./forms.server";

/** A request whose body arrives as a stream of chunks, with no Content-Length (Transfer-Encoding: chunked). */
function streamedRequest(chunk: string, chunks: number, onPull?: () => void) {
  const bytes = new TextEncoder().encode(chunk);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.();
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(bytes);
    },
  });
  return new Request("http://localhost/login", {
    method: "POST",
    body,
    duplex: "half",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  } as RequestInit);
}

async function statusOf(promise: Promise<unknown>): Promise<number | "ok"> {
  try {
    await promise;
    return "ok";
  } catch (e) {
    // react-router's data(): { type: "DataWithResponseInit", data, init }
    const thrown = e as { type?: string; init?: { status?: number } };
    if (thrown?.type === "DataWithResponseInit") return thrown.init?.status ?? 200;
    throw e;
  }
}

describe("readForm: limits enforced while reading", () => {
  it("stops reading a chunked body (no Content-Length) at the byte limit and answers 413", async () => {
    let pulled = 0;
    // 400 MB offered in 64 KB chunks; the reader must give up after about 1 MB.
    const request = streamedRequest("a=" + "x".repeat(64 * 1024 - 2), 6400, () => pulled++);
    expect(await statusOf(readForm(request))).toBe(413);
    expect(pulled * 64 * 1024).toBeLessThan(FORM_LIMITS.maxBytes + 3 * 64 * 1024);
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream({ pull: () => void pulled++ });
    const request = new Request("http://localhost/login", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(FORM_LIMITS.maxBytes + 1) },
    } as RequestInit);
    expect(await statusOf(readForm(request))).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("refuses one field repeated a hundred thousand times (a quiz's q0) and too many fields", async () => {
    expect(await statusOf(readForm(streamedRequest("q0=a&".repeat(1000), 100)))).toBe(413);
    const many = Array.from({ length: FORM_LIMITS.maxFields + 1 }, (_, i) => `f${i}=`).join("&");
    expect(await statusOf(readForm(streamedRequest(many, 1)))).toBe(413);
    const values = Array.from({ length: FORM_LIMITS.maxValuesPerField + 1 }, () => "q0=a").join("&");
    expect(await statusOf(readForm(streamedRequest(values, 1)))).toBe(413);
  });

  it("reads an ordinary form, multipart included, and gives 400 for a body that is not a form", async () => {
    const form = await readForm(streamedRequest("email=a%40b.c&q0=a&q0=b&name=%E0%BA%AA", 1));
    expect(form.get("email")).toBe("a@b.c");
    expect(form.getAll("q0")).toEqual(["a", "b"]);
    expect(form.get("name")).toBe("ສ");
    const multipart = new FormData();
    multipart.append("intent", "preview");
    multipart.append("file", new Blob(["name,email\n"], { type: "text/csv" }), "people.csv");
    const parsed = await readForm(new Request("http://localhost/x", { method: "POST", body: multipart }));
    expect(parsed.get("intent")).toBe("preview");
    const json = new Request("http://localhost/x", { method: "POST", body: '{"a":1}', headers: { "Content-Type": "application/json" } });
    expect(await statusOf(readForm(json))).toBe(400);
  });

  it("allows a larger byte limit where a route needs it (CSV import) and reports the outcome without throwing", async () => {
    const big = streamedRequest("csv=" + "x".repeat(64 * 1024), 20);
    const out = await readFormWithin(big, { ...FORM_LIMITS, maxBytes: 2 * 1024 * 1024 });
    expect(out.ok).toBe(true);
    const tooBig = await readFormWithin(streamedRequest("csv=" + "x".repeat(64 * 1024), 40), { ...FORM_LIMITS, maxBytes: 2 * 1024 * 1024 });
    expect(tooBig).toEqual({ ok: false, status: 413 });
  });

  it("every action reads its form through forms.server (no other request body reader in app/)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") && p !== path.join("app", "forms.server.ts")) {
          const src = fs.readFileSync(p, "utf8");
          if (/request\.(formData|text|json|arrayBuffer|blob|body)\b/.test(src)) offenders.push(p);
        }
      }
    };
    walk("app");
    expect(offenders).toEqual([]);
  });
});
