import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import remarkGfm from "remark-gfm";
import { lessonComponents, type LessonLabels, type TermInfo } from "./mdx-components";

// Bump when the compile pipeline or components change, so cached HTML is rebuilt.
const PIPELINE_VERSION = "3";

/** Compiles MDX source to the bundle code mdx-bundler produces (frontmatter is stripped). */
export async function compileMdx(source: string, cwd: string) {
  const { code } = await bundleMDX({
    source,
    cwd,
    // Errors are returned to the caller (content:check prints them with file:line), not logged.
    esbuildOptions(options) {
      options.logLevel = "silent";
      return options;
    },
    mdxOptions(options) {
      options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
      return options;
    },
  });
  return code;
}

// One compile at a time: esbuild is fast but MDX compiles are CPU-bound and the machine is small.
let queue: Promise<unknown> = Promise.resolve();
function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

const codeCache = new Map<string, string>();
const htmlCache = new Map<string, string>();

export type RenderOptions = {
  cacheDir: string;
  labels: LessonLabels;
  lng: string;
  termInfo: (id: string) => TermInfo | undefined;
  /** Anything else the output depends on (e.g. the glossary's version). */
  salt: string;
};

function sha(...parts: string[]) {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex").slice(0, 32);
}

/**
 * The compiled bundle of an MDX source, once per content hash: from memory, else from the disk
 * cache, else compiled (one compile at a time). Compiling is the expensive step (~0.3 s).
 */
const sourceHashes = new Map<string, { stamp: string; sourceHash: string }>();

export async function compiledLesson(file: string, cacheDir: string): Promise<{ code: string; sourceHash: string }> {
  const known = sourceHashes.get(file);
  // In production content is read once (like the catalog, see getCatalog): no stat per view.
  if (known && process.env.NODE_ENV === "production") {
    const hit = codeCache.get(known.sourceHash);
    if (hit !== undefined) return { code: hit, sourceHash: known.sourceHash };
  }
  // Otherwise a stat per view, not a read and a hash: the source is re-read only when the file changed.
  const stat = await fs.promises.stat(file);
  const stamp = `${stat.mtimeMs}:${stat.size}`;
  if (known?.stamp === stamp) {
    const hit = codeCache.get(known.sourceHash);
    if (hit !== undefined) return { code: hit, sourceHash: known.sourceHash };
  }
  const source = await fs.promises.readFile(file, "utf8");
  const sourceHash = sha(PIPELINE_VERSION, source);
  sourceHashes.set(file, { stamp, sourceHash });
  const hit = codeCache.get(sourceHash);
  if (hit !== undefined) return { code: hit, sourceHash };
  const diskFile = path.join(cacheDir, "mdx", `${sourceHash}.js`);
  let code: string;
  try {
    code = await fs.promises.readFile(diskFile, "utf8");
  } catch {
    code = await enqueue(async () => {
      const again = codeCache.get(sourceHash);
      if (again !== undefined) return again;
      const compiled = await compileMdx(source, path.dirname(file));
      await fs.promises.mkdir(path.dirname(diskFile), { recursive: true });
      await fs.promises.writeFile(`${diskFile}.${process.pid}.tmp`, compiled);
      await fs.promises.rename(`${diskFile}.${process.pid}.tmp`, diskFile);
      return compiled;
    });
  }
  codeCache.set(sourceHash, code);
  return { code, sourceHash };
}

/**
 * Renders a lesson file to HTML for a page language. The compiled code is shared by all languages;
 * the (cheap) render to static markup is cached in memory per language, labels and glossary.
 */
export async function renderLessonHtml(file: string, opts: RenderOptions): Promise<{ html: string; hash: string }> {
  const { code, sourceHash } = await compiledLesson(file, opts.cacheDir);
  const hash = sha(sourceHash, JSON.stringify(opts.labels), opts.lng, opts.salt);
  let html = htmlCache.get(hash);
  if (html === undefined) {
    const Component = getMDXComponent(code);
    html = renderToStaticMarkup(
      createElement(Component, { components: lessonComponents(opts.labels, opts.termInfo, opts.lng) as never }),
    );
    htmlCache.set(hash, html);
  }
  return { html, hash };
}

/** HTML already rendered in this process, by hash (used by entry.server to avoid sending it twice). */
export function renderedHtml(hash: string): string | undefined {
  return htmlCache.get(hash);
}

/** Compiles every lesson not yet in the cache, one at a time, so first readers do not wait. */
export async function warmLessonCache(files: string[], cacheDir: string): Promise<number> {
  let n = 0;
  for (const file of files) {
    try {
      await compiledLesson(file, cacheDir);
      n++;
    } catch (e) {
      console.warn(`content: ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return n;
}
