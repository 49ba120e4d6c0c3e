import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import remarkGfm from "remark-gfm";
import { lessonComponents, type LessonLabels } from "./mdx-components";

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

const memory = new Map<string, string>();

export type RenderOptions = {
  cacheDir: string;
  labels: LessonLabels;
  lng: string;
  termTitle: (id: string) => string | undefined;
  /** Anything else the output depends on (e.g. the glossary's version). */
  salt: string;
};

/**
 * Renders a lesson file to HTML, once per content hash: from memory, else from the disk cache,
 * else by compiling (one at a time). Returns the HTML and its hash.
 */
export async function renderLessonHtml(file: string, opts: RenderOptions): Promise<{ html: string; hash: string }> {
  const source = await fs.promises.readFile(file, "utf8");
  const hash = createHash("sha256")
    .update(PIPELINE_VERSION)
    .update("\0")
    .update(JSON.stringify(opts.labels))
    .update("\0")
    .update(opts.salt)
    .update("\0")
    .update(opts.lng)
    .update("\0")
    .update(source)
    .digest("hex")
    .slice(0, 32);
  const hit = memory.get(hash);
  if (hit !== undefined) return { html: hit, hash };

  const diskFile = path.join(opts.cacheDir, "mdx", `${hash}.html`);
  let html: string | undefined;
  try {
    html = await fs.promises.readFile(diskFile, "utf8");
  } catch {
    html = await enqueue(async () => {
      const code = await compileMdx(source, path.dirname(file));
      const Component = getMDXComponent(code);
      const markup = renderToStaticMarkup(
        createElement(Component, { components: lessonComponents(opts.labels, opts.termTitle, opts.lng) as never }),
      );
      await fs.promises.mkdir(path.dirname(diskFile), { recursive: true });
      await fs.promises.writeFile(`${diskFile}.tmp`, markup);
      await fs.promises.rename(`${diskFile}.tmp`, diskFile);
      return markup;
    });
  }
  memory.set(hash, html);
  return { html, hash };
}

/** HTML already rendered in this process, by hash (used by entry.server to avoid sending it twice). */
export function renderedHtml(hash: string): string | undefined {
  return memory.get(hash);
}
