import fs from "node:fs";
import path from "node:path";
import { loadCatalog, type Catalog, type Course, type Lesson, type Module } from "./catalog.server";

export const CONTENT_DIR = path.join(process.cwd(), "content");

let cached: { catalog: Catalog; stamp: string; checkedAt: number } | undefined;

/** Cheap fingerprint of the content tree: the newest mtime and the file count. */
function contentStamp(dir: string): string {
  let newest = 0;
  let count = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        count++;
        newest = Math.max(newest, fs.statSync(p).mtimeMs);
      }
    }
  };
  walk(dir);
  return `${newest}:${count}`;
}

/**
 * The loaded content catalog. In production it is read once; in development it is re-read when a
 * file under content/ changes (checked at most once a second).
 */
export function getCatalog(): Catalog {
  const now = Date.now();
  if (cached && (process.env.NODE_ENV === "production" || now - cached.checkedAt < 1000)) return cached.catalog;
  const stamp = contentStamp(CONTENT_DIR);
  if (!cached || cached.stamp !== stamp) {
    const catalog = loadCatalog(CONTENT_DIR);
    for (const p of catalog.problems) console.warn(`content: ${path.relative(process.cwd(), p.file)}:${p.line}: ${p.message}`);
    cached = { catalog, stamp, checkedAt: now };
  } else cached.checkedAt = now;
  return cached.catalog;
}

export function findCourse(slug: string): Course | undefined {
  return getCatalog().bySlug.get(slug);
}

export function findLesson(course: Course, moduleSlug: string, lessonSlug: string): { module: Module; lesson: Lesson } | undefined {
  const module = course.modules.find((m) => m.slug === moduleSlug);
  const lesson = module?.lessons.find((l) => l.slug === lessonSlug);
  return module && lesson ? { module, lesson } : undefined;
}
