import QRCode from "qrcode";

/**
 * A QR code for a link, as an SVG data URI to put in an <img> (no script, no extra request; it
 * prints sharply). Error correction M: survives a projector's glare or a creased handout.
 */
export async function qrDataUri(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** The printable set-password links, each with the QR code of its URL. */
export async function withQr<T extends { url: string }>(links: T[]): Promise<(T & { qr: string })[]> {
  return Promise.all(links.map(async (l) => ({ ...l, qr: await qrDataUri(l.url) })));
}
