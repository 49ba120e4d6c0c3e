import { micromark } from "micromark";

/**
 * An announcement's text as safe HTML: a Markdown subset (paragraphs, **bold**, *italic*, lists,
 * links). micromark is CommonMark-exact and, by default, escapes any HTML the author typed and
 * drops links with a dangerous protocol (javascript:, data:, vbscript:) — the two properties that
 * make it safe without a separate sanitiser. It is already in the tree (mdx-bundler's parser), so
 * it costs no new code on the server and none in the browser (announcements are rendered here).
 */
export function announcementHtml(body: string): string {
  return micromark(body, { allowDangerousHtml: false, allowDangerousProtocol: false })
    .replace(/<a href="/g, '<a rel="noopener noreferrer nofollow" href="')
    .replace(/<img [^>]*>/g, ""); // images (![…](…)) are not part of the subset: no third-party requests
}

/** Announcements as shown to people: each with its HTML. */
export function withAnnouncementHtml<T extends { body: string }>(items: T[]): (T & { html: string })[] {
  return items.map((a) => ({ ...a, html: announcementHtml(a.body) }));
}
