import type { ReactNode } from "react";

/**
 * Components available to lesson MDX. They render to static HTML on the server; interactive
 * pieces are forms handled by route actions, never client code inside the lesson body.
 */
export type LessonLabels = { example: string; note: string; summary: string; glossary: string };

export function lessonComponents(labels: LessonLabels, termTitle: (id: string) => string | undefined, lng: string) {
  const q = lng === "en" ? "" : `?lng=${lng}`;
  return {
    Term: ({ id, children }: { id: string; children: ReactNode }) => (
      <a className="term" href={`/glossary${q}#${id}`} title={termTitle(id)}>
        {children}
      </a>
    ),
    Example: ({ title, children }: { title?: string; children: ReactNode }) => (
      <aside className="box box-example" aria-label={title ?? labels.example}>
        <p className="box-label">{title ?? labels.example}</p>
        {children}
      </aside>
    ),
    Note: ({ children }: { children: ReactNode }) => (
      <aside className="box box-note" aria-label={labels.note}>
        <p className="box-label">{labels.note}</p>
        {children}
      </aside>
    ),
    Summary: ({ children }: { children: ReactNode }) => (
      <section className="box box-summary" aria-label={labels.summary}>
        <h2 className="box-label">{labels.summary}</h2>
        {children}
      </section>
    ),
    table: (props: React.ComponentProps<"table">) => (
      <div className="table-scroll">
        <table {...props} />
      </div>
    ),
  };
}
