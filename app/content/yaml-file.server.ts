import fs from "node:fs";
import { LineCounter, parseDocument, isNode } from "yaml";
import type { z } from "zod";

export type Problem = { file: string; line: number; message: string };

/**
 * Parses a YAML file and validates it against a zod schema. Every problem carries the line of the
 * offending node, so `content:check` can print `file:line: message`.
 */
export function readYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  problems: Problem[],
): z.infer<S> | null {
  let source: string;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch (e) {
    problems.push({ file, line: 1, message: `cannot read: ${(e as Error).message}` });
    return null;
  }
  return parseYamlSource(file, source, schema, problems);
}

export function parseYamlSource<S extends z.ZodType>(
  file: string,
  source: string,
  schema: S,
  problems: Problem[],
  lineOffset = 0,
): z.infer<S> | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = (err.linePos?.[0]?.line ?? 1) + lineOffset;
      problems.push({ file, line, message: `YAML: ${err.message.split("\n")[0]}` });
    }
    return null;
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    let line = 1;
    // Walk up the path until a node with a position is found.
    for (let n = issue.path.length; n >= 0; n--) {
      const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) {
        line = lineCounter.linePos(node.range[0]).line;
        break;
      }
    }
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    problems.push({ file, line: line + lineOffset, message: `${where}${issue.message}` });
  }
  return null;
}
