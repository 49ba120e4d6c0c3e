import type { ReactNode } from "react";

/**
 * Components available to lesson MDX. They render to static HTML on the server; interactive
 * pieces are forms handled by route actions, never client code inside the lesson body.
 */
export type LessonLabels = { example: string; note: string; summary: string; glossary: string; openInGlossary: string };
export type TermInfo = { term: string; definition: string; lang: string };

export function lessonComponents(labels: LessonLabels, termInfo: (id: string) => TermInfo | undefined, lng: string) {
  const q = lng === "en" ? "" : `?lng=${lng}`;
  let n = 0;
  return {
    // A glossary term shows its definition in place: a popover opened by a button (HTML's popover
    // attribute, no JavaScript). Where the browser has no popover support, app.css shows the plain
    // link to the glossary instead, as before.
    Term: ({ id, children }: { id: string; children: ReactNode }) => {
      const info = termInfo(id);
      const href = `/glossary${q}#${id}`;
      if (!info)
        return (
          <a className="term" href={href}>
            {children}
          </a>
        );
      const popId = `term-${id}-${++n}`;
      return (
        <span className="term-wrap">
          <a className="term term-link" href={href}>
            {children}
          </a>
          <button type="button" className="term term-button" popoverTarget={popId}>
            {children}
          </button>
          <span className="term-pop" id={popId} popover="auto" role="note">
            <strong className="term-pop-title" lang={info.lang}>
              {info.term}
            </strong>{" "}
            <span lang={info.lang}>{info.definition}</span>{" "}
            <a href={href}>{labels.openInGlossary}</a>
          </span>
        </span>
      );
    },
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
