// npm run bench:credentials — times the signed Open Badge (ADR 0021) in a scratch SQLite file:
// building and signing a certificate's credential with eddsa-rdfc-2022 (cold: first time per
// certificate; warm: the signature cache), the full server-side check the verify page runs
// (issuer, signature, status list, dates), and signing the 131,072-entry status list after a
// revocation. Each figure is the median of BENCH_CREDENTIAL_RUNS (default 20) certificates.
// Prints a markdown section; `npm run bench` includes it (BENCH_CREDENTIALS=0 skips it).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../db/client";
import { issueCertificate, revokeCertificate } from "../app/certificates/certificates.server";
import { signedCredentialFor } from "../app/certificates/present.server";
import { statusListCredential } from "../app/certificates/status-list.server";
import { checkCredential } from "../app/certificates/verification.server";

const RUNS = Number(process.env.BENCH_CREDENTIAL_RUNS ?? 20);
const ORIGIN = "https://campus.example.org";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

export async function benchCredentials(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-bench-cred-"));
  try {
    const db = openDatabase(path.join(dir, "bench.db"));
    const admin = { id: randomUUID() };
    db.$client
      .prepare("insert into users (id, email, name, password_hash, role) values (?, ?, 'Admin', 'x', 'admin')")
      .run(admin.id, `${admin.id}@example.org`);
    const certs = [];
    for (let i = 0; i < RUNS; i++) {
      const id = randomUUID();
      db.$client.prepare("insert into users (id, email, name, password_hash) values (?, ?, ?, 'x')").run(id, `${id}@example.org`, `Learner ${i}`);
      certs.push(
        issueCertificate(db, { userId: id, courseSlug: "shp-foundations", holderName: `ສົມສະໄໝ ${i}`, locale: "lo", achievedOn: Date.now() - 86_400_000 })
          .certificate,
      );
    }
    // The first status list signature is part of the first check: warm it so the figures below are per certificate.
    await statusListCredential(db, ORIGIN, 1);
    const cold: number[] = [];
    const warm: number[] = [];
    const check: number[] = [];
    for (const cert of certs) {
      const [c, signed] = await time(() => signedCredentialFor(db, cert, ORIGIN));
      cold.push(c);
      warm.push((await time(() => signedCredentialFor(db, cert, ORIGIN)))[0]);
      const [v, result] = await time(() => checkCredential(db, ORIGIN, signed));
      if (!result.ok) throw new Error("a fresh credential did not verify");
      check.push(v);
    }
    const resign: number[] = [];
    for (const cert of certs.slice(0, 5)) {
      revokeCertificate(db, admin, cert.code, "bench");
      resign.push((await time(() => statusListCredential(db, ORIGIN, 1)))[0]);
    }
    const cached = (await time(() => statusListCredential(db, ORIGIN, 1)))[0];
    db.$client.close();
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    return [
      "## Signed credentials (eddsa-rdfc-2022, ADR 0021)",
      "",
      `| what | median of ${RUNS} |`,
      "| --- | --- |",
      `| build + sign a certificate's credential, first time | ${ms(median(cold))} |`,
      `| the same, again (signature cache) | ${ms(median(warm))} |`,
      `| full server-side check (verify page, verify this file) | ${ms(median(check))} |`,
      `| re-sign the status list after a revocation (median of 5) | ${ms(median(resign))} |`,
      `| status list, unchanged (cache) | ${ms(cached)} |`,
      "",
    ].join("\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) console.log(await benchCredentials());
