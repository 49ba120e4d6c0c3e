/**
 * The organisation that issues certificates and credentials: named on every PDF, in the issuer
 * profile of every Open Badge and on the verify page. One place to read it, so the PDF, the
 * credential and the page can never disagree.
 *
 * The name is the operator an administrator sets at /admin/organisation (or /admin/privacy: the
 * organisation that runs the platform); until it is set, the platform's own name. The URL is the
 * platform's public origin. The logo and the signatory (name, title, optional signature image) are
 * printed on the PDF; they are set at /admin/organisation.
 */
import PDFDocument from "pdfkit";
import { PNG } from "pngjs";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { inTransaction, type Db } from "#db/client";
import { auditLog, organisationImages, siteSettings, type User } from "#db/schema";
import { text } from "#app/forms.server";
import { getSiteSettings } from "#app/privacy/settings.server";
import { ISSUER_NAME } from "./issuer";

export type OrganisationImage = { type: "png" | "jpeg"; bytes: Buffer };

export type Signatory = {
  /** The person who signs the certificates, e.g. "Dr Somphone Keola"; "" when none is set. */
  name: string;
  /** Their title, e.g. "Director, Training Centre"; may be "". */
  title: string;
  /** An image of the signature, or null. */
  image: OrganisationImage | null;
};

export type Organisation = {
  /** Shown as the issuer: "Issued by …". */
  name: string;
  /** The issuer's web address (the platform's public origin). */
  url: string;
  /** The contact address, or "" when none is set. */
  email: string;
  /** Where the logo is served (`/issuer/logo`, versioned by its last change), or null without a logo. */
  logoUrl: string | null;
};

/** The organisation as the PDF prints it: with its logo and signatory (read only where they are drawn). */
export type CertificateOrganisation = Organisation & {
  /** Printed at the top of the certificate, or null. */
  logo: OrganisationImage | null;
  signatory: Signatory;
};

function image(db: Db, role: "logo" | "signature"): OrganisationImage | null {
  const row = db.select().from(organisationImages).where(eq(organisationImages.role, role)).get();
  return row ? { type: row.type, bytes: Buffer.from(row.bytes) } : null;
}

function setting(db: Db, key: string): string {
  return db.select({ value: siteSettings.value }).from(siteSettings).where(eq(siteSettings.key, key)).get()?.value ?? "";
}

export function getOrganisation(db: Db, origin: string): Organisation {
  const s = getSiteSettings(db);
  // Only the logo's date is read here (the verify page asks on every request); the bytes at /issuer/logo.
  const logo = db.select({ updatedAt: organisationImages.updatedAt }).from(organisationImages).where(eq(organisationImages.role, "logo")).get();
  return { name: s.operator.trim() || ISSUER_NAME, url: origin, email: s.contactEmail, logoUrl: logo ? `${origin}/issuer/logo?v=${logo.updatedAt}` : null };
}

/** The logo's bytes and type, served at /issuer/logo; null without one. */
export function organisationLogo(db: Db): OrganisationImage | null {
  return image(db, "logo");
}

/** getOrganisation with the logo and the signatory: the images are read only here (the PDF, the admin page). */
export function getCertificateOrganisation(db: Db, origin: string): CertificateOrganisation {
  return {
    ...getOrganisation(db, origin),
    logo: image(db, "logo"),
    signatory: { name: setting(db, "signatoryName"), title: setting(db, "signatoryTitle"), image: image(db, "signature") },
  };
}

// ── Images an administrator uploads ───────────────────────────────────────────────────────────

/** At most this many bytes per image (the whole form stays under the default body limit of 1 MB). */
export const MAX_IMAGE_BYTES = 200 * 1024;
/** Larger images are refused before they are decoded (a small file can inflate to a huge bitmap). */
const MAX_IMAGE_PIXELS = 4000 * 4000;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/** The image's type by its first bytes (never by its name or the browser's claim), or null. */
export function imageTypeOf(bytes: Uint8Array): OrganisationImage["type"] | null {
  const starts = (magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
  if (starts(PNG_MAGIC)) return "png";
  if (starts(JPEG_MAGIC)) return "jpeg";
  return null;
}

export type ImageCheck =
  | { ok: true; image: OrganisationImage }
  | { ok: false; key: "organisation.errors.imageType" | "organisation.errors.imageSize" | "organisation.errors.imageBroken" };

/**
 * Checks an uploaded image: PNG or JPEG by its magic bytes, at most MAX_IMAGE_BYTES, and one the PDF
 * writer can really draw (it is embedded in a throwaway PDF): a broken file is refused here rather
 * than breaking every certificate later. A PNG is decoded completely first (pngjs, synchronously):
 * pdfkit inflates a PNG with transparency asynchronously, and a corrupt one then throws outside any
 * try/catch — it would bring the server process down.
 */
export async function checkImage(bytes: Uint8Array): Promise<ImageCheck> {
  if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, key: "organisation.errors.imageSize" };
  const type = imageTypeOf(bytes);
  if (!type) return { ok: false, key: "organisation.errors.imageType" };
  const buffer = Buffer.from(bytes);
  try {
    const doc = new PDFDocument({ size: [100, 100], margin: 0 });
    const ended = new Promise<void>((resolve, reject) => {
      doc.on("end", resolve);
      doc.on("error", reject);
    });
    doc.on("data", () => {});
    // Reads the header only: the size is known before anything is decoded.
    const opened = (doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(buffer);
    if (!(opened.width > 0 && opened.height > 0) || opened.width * opened.height > MAX_IMAGE_PIXELS)
      return { ok: false, key: "organisation.errors.imageBroken" };
    if (type === "png") PNG.sync.read(buffer);
    doc.image(opened as unknown as Buffer, 0, 0, { fit: [100, 100] });
    doc.end();
    await ended;
  } catch {
    return { ok: false, key: "organisation.errors.imageBroken" };
  }
  return { ok: true, image: { type, bytes: buffer } };
}

// ── Saving ─────────────────────────────────────────────────────────────────────────────────────

export const OrganisationSchema = z.object({
  name: text(200),
  signatoryName: text(120),
  signatoryTitle: text(160),
});

/** What to do with one image: keep the stored one, replace it, or remove it. */
export type ImageChange = { action: "keep" } | { action: "remove" } | { action: "replace"; image: OrganisationImage };

export type OrganisationInput = z.infer<typeof OrganisationSchema> & { logo: ImageChange; signature: ImageChange };

/**
 * Saves the organisation's name, signatory and images in one transaction, audited
 * (settings.organisation, with what happened to each image, never the image itself).
 */
export function saveOrganisation(db: Db, actor: Pick<User, "id">, input: OrganisationInput, now = Date.now()) {
  inTransaction(db, (tx) => {
    for (const [key, value] of Object.entries({ operator: input.name, signatoryName: input.signatoryName, signatoryTitle: input.signatoryTitle }))
      tx.insert(siteSettings)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: siteSettings.key, set: { value, updatedAt: now } })
        .run();
    const images = { logo: input.logo, signature: input.signature } as const;
    for (const [role, change] of Object.entries(images) as [keyof typeof images, ImageChange][]) {
      if (change.action === "remove") tx.delete(organisationImages).where(eq(organisationImages.role, role)).run();
      if (change.action === "replace") {
        const values = { type: change.image.type, bytes: change.image.bytes, updatedAt: now };
        tx.insert(organisationImages)
          .values({ role, ...values })
          .onConflictDoUpdate({ target: organisationImages.role, set: values })
          .run();
      }
    }
    const described = (c: ImageChange) =>
      c.action === "replace" ? { action: "replace", type: c.image.type, bytes: c.image.bytes.length } : { action: c.action };
    tx.insert(auditLog)
      .values({
        actorId: actor.id,
        action: "settings.organisation",
        subject: "settings",
        detail: {
          name: input.name,
          signatoryName: input.signatoryName,
          signatoryTitle: input.signatoryTitle,
          logo: described(input.logo),
          signature: described(input.signature),
        },
        at: now,
      })
      .run();
  });
}

/**
 * What the form asks for one image: a chosen file replaces it (checked first), the remove box
 * removes it, nothing keeps it. A file input left empty arrives as an empty file: that is "keep".
 */
export async function imageChangeFrom(
  file: FormDataEntryValue | null,
  remove: boolean,
): Promise<{ ok: true; change: ImageChange } | Extract<ImageCheck, { ok: false }>> {
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_IMAGE_BYTES) return { ok: false, key: "organisation.errors.imageSize" };
    const checked = await checkImage(new Uint8Array(await file.arrayBuffer()));
    return checked.ok ? { ok: true, change: { action: "replace", image: checked.image } } : checked;
  }
  return { ok: true, change: remove ? { action: "remove" } : { action: "keep" } };
}
