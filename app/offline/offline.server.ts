/**
 * Courses kept on the learner's device (issue 17, docs/decisions/0018). The server records the
 * choice and says which pages make up a course offline; the browser (public/offline-client.js,
 * built from app/offline/client.ts) fetches them into the service worker's cache.
 */
import fs from "node:fs";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { offlineCourses } from "#db/schema";
import type { Course } from "#app/content/catalog.server";
import type { Locale } from "#app/content/locales";
import { lessonHref } from "#app/content/present.server";
import { formatNumber } from "#app/i18n/datetime";

/** Request header the device sends when it downloads a page (the lesson visit is not recorded then). */
export const OFFLINE_DOWNLOAD_HEADER = "X-SHP-Offline";

/** The offline fallback page ("this page is not stored") and the "waiting to send" page. */
export const NOT_STORED_URL = "/me/offline?notice=not-stored";
export const QUEUED_URL = "/me/offline?notice=queued";

/** How /me/offline names a stored course ("shp-foundations") or module ("shp-foundations/01-why"). */
export const offlineKey = (courseSlug: string, moduleSlug: string) => (moduleSlug ? `${courseSlug}/${moduleSlug}` : courseSlug);

/** What a learner keeps offline: a whole course, or one module of it (`moduleSlug` "" = the whole course). */
export type OfflineScope = { course: Course; moduleSlug: string };

/** The modules a scope covers: all of the course's, or the one named (none if it is not in the course). */
function modulesOf({ course, moduleSlug }: OfflineScope) {
  return moduleSlug ? course.modules.filter((m) => m.slug === moduleSlug) : course.modules;
}

/**
 * Every page the device stores for a course or one module: the course outline, the lessons and
 * module quizzes, the glossary and the offline pages (shared by everything stored).
 */
export function offlinePages(course: Course, moduleSlug = ""): string[] {
  const pages = [`/courses/${course.slug}`];
  for (const m of modulesOf({ course, moduleSlug })) {
    for (const l of m.lessons) pages.push(lessonHref(course, l));
    if (m.quiz) pages.push(`/courses/${course.slug}/${m.slug}/quiz`);
  }
  pages.push("/glossary", "/me/offline", NOT_STORED_URL, QUEUED_URL);
  return pages;
}

/** Rendered lesson HTML is about this many times its MDX source (markup, glossary popovers), measured with `npm run bench`. */
const HTML_PER_SOURCE_BYTE = 2.2;
/** A page's chrome (header, outline, hydration data) without the lesson body, measured with `npm run bench`. */
const CHROME_BYTES = 30_000;

/**
 * The size shown before a download, in bytes: the lesson texts in the learner's language, a page's
 * chrome per page, and the scripts, styles and fonts of the build for that language. An estimate;
 * `npm run bench` measures the real figure by downloading as a device does.
 */
export function estimateOfflineBytes(course: Course, locale: string, clientDir = path.resolve("build", "client"), moduleSlug = ""): number {
  let bytes = 0;
  for (const l of modulesOf({ course, moduleSlug }).flatMap((m) => m.lessons)) {
    const version = l.versions[locale as Locale] ?? l.versions.en;
    bytes += fileSize(version.file) * HTML_PER_SOURCE_BYTE;
  }
  bytes += offlinePages(course, moduleSlug).length * CHROME_BYTES;
  return Math.round(bytes + shellBytes(locale, clientDir));
}

let shellCache: Map<string, number> | null = null;
function shellBytes(locale: string, clientDir: string): number {
  shellCache ??= new Map();
  const cached = shellCache.get(locale);
  if (cached !== undefined) return cached;
  const dir = path.join(clientDir, "assets");
  const scripts = locale === "lo" ? ["latin", "lao"] : locale === "vi" ? ["latin", "vietnamese"] : ["latin"];
  let total = fileSize(path.join(clientDir, "offline-client.js"));
  if (fs.existsSync(dir)) {
    const scriptsUsed = offlineScripts(clientDir);
    for (const f of fs.readdirSync(dir)) {
      // Only the scripts the stored pages load (not every chunk of the build), all styles, and the fonts of the language.
      const wanted = f.endsWith(".js")
        ? (scriptsUsed?.has(`/assets/${f}`) ?? true)
        : f.endsWith(".css") || (f.endsWith(".woff2") && scripts.some((s) => f.includes(`-${s}-`)));
      if (wanted) total += fileSize(path.join(dir, f));
    }
  }
  shellCache.set(locale, total);
  return total;
}

/** The routes whose pages a download stores (see offlinePages). */
const OFFLINE_ROUTES = ["root", "routes/course", "routes/lesson", "routes/module-quiz", "routes/glossary", "routes/me-offline"];

/**
 * The script files those pages load, from React Router's client manifest (build/client/assets/manifest-*.js):
 * the entry and each route's module and imports. Null when there is no build to read (then every script counts).
 */
function offlineScripts(clientDir: string): Set<string> | null {
  try {
    const dir = path.join(clientDir, "assets");
    const file = fs.readdirSync(dir).find((f) => /^manifest-[\w-]+\.js$/.test(f));
    if (!file) return null;
    const src = fs.readFileSync(path.join(dir, file), "utf8");
    type Entry = { module: string; imports?: string[] };
    const manifest = JSON.parse(src.slice(src.indexOf("{"), src.lastIndexOf("}") + 1)) as { entry: Entry; routes: Record<string, Entry> };
    const used = new Set<string>([path.posix.join("/assets", file)]);
    for (const e of [manifest.entry, ...OFFLINE_ROUTES.map((r) => manifest.routes[r])]) {
      if (!e) continue;
      used.add(e.module);
      for (const i of e.imports ?? []) used.add(i);
    }
    return used;
  } catch {
    return null;
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export function offlineCoursesOf(db: Db, userId: string) {
  return db.select().from(offlineCourses).where(eq(offlineCourses.userId, userId)).orderBy(desc(offlineCourses.storedAt)).all();
}

export function hasOfflineCourses(db: Db, userId: string): boolean {
  return db.select({ c: offlineCourses.courseSlug }).from(offlineCourses).where(eq(offlineCourses.userId, userId)).limit(1).get() !== undefined;
}

/** Records (or refreshes) the learner's choice to keep a course, or one module of it, offline in a language. */
export function keepCourseOffline(db: Db, args: { userId: string; courseSlug: string; moduleSlug?: string; locale: string; now?: number }) {
  const now = args.now ?? Date.now();
  const moduleSlug = args.moduleSlug ?? "";
  db.insert(offlineCourses)
    .values({ userId: args.userId, courseSlug: args.courseSlug, moduleSlug, locale: args.locale, storedAt: now })
    .onConflictDoUpdate({ target: [offlineCourses.userId, offlineCourses.courseSlug, offlineCourses.moduleSlug], set: { locale: args.locale, storedAt: now } })
    .run();
}

export function removeOfflineCourse(db: Db, args: { userId: string; courseSlug: string; moduleSlug?: string }) {
  db.delete(offlineCourses)
    .where(and(eq(offlineCourses.userId, args.userId), eq(offlineCourses.courseSlug, args.courseSlug), eq(offlineCourses.moduleSlug, args.moduleSlug ?? "")))
    .run();
}

/** "2.1 MB" in the page's language (app/i18n/datetime.ts: browsers lack Lao number data). */
export function formatMegabytes(bytes: number, locale: string): string {
  return `${formatNumber(Math.max(bytes / 1_000_000, 0.1), locale, 1)} MB`;
}
