import { createContext, useContext, useState } from "react";

/**
 * Finds a lesson body's HTML by its hash when route data carries none. On the server, entry.server
 * provides the in-process render cache; in the browser, during hydration, the HTML is read back
 * from the DOM the server sent. This is how a lesson page's first load carries the lesson body once
 * (in the HTML), not twice (HTML plus route data).
 */
export const LessonHtmlLookup = createContext<(hash: string) => string | undefined>((hash) => {
  if (typeof document === "undefined") return undefined;
  return document.querySelector(`[data-lesson-body="${hash}"]`)?.innerHTML;
});

export function LessonBody({ hash, html }: { hash: string; html: string | null }) {
  const lookup = useContext(LessonHtmlLookup);
  const [body] = useState(() => html ?? lookup(hash) ?? "");
  return <div className="prose" data-lesson-body={hash} dangerouslySetInnerHTML={{ __html: html ?? body }} />;
}
