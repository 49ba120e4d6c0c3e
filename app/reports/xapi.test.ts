import { beforeAll, describe, expect, it } from "vitest";
import { findCourse } from "#app/content/content.server";
import { createCohort, joinCohort, moveMember } from "#app/cohorts/cohorts.server";
import { cohortInput } from "#tests/helpers/cohorts";
import { createSession, saveRegister } from "#app/cohorts/schedule.server";
import { enrol, recordLessonVisit } from "#app/learning/progress.server";
import { getAttempt, startAssessment, submitAssessment, submitFixedQuiz } from "#app/learning/quizzes.server";
import type { Db } from "#db/client";
import type { AttendanceStatus, User } from "#db/schema";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { openAndCompleteLesson, correctForm, takeFinal, takeModuleQuiz, wrongForm } from "#tests/helpers/learning";
import { NO_FILTERS, scopeFor, type ReportFilters, type ReportScope } from "./filters.server";
import { refreshLearningRecords } from "./records.server";
import { uuidV5, xapiJsonLineChunks, xapiJsonLines, xapiStatements, type XapiStatement } from "./xapi.server";

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// A structural validator of xAPI 1.0.3 statements (Part Two, "Experience API Data", section 2.4),
// written from the specification's rules. It returns every problem found ("path: message"), so a
// failing test says what is wrong. It has the same shape as a library validator (statement in,
// problems out): to use, say, @learninglocker/xapi-validation instead, wrap it as a
// StatementValidator and assign it to `validateStatement` below.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

type StatementValidator = (statement: unknown) => string[];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** An absolute IRI: a scheme, a colon, and no characters IRIs exclude (RFC 3987). */
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
/** RFC 4122 UUID: version 1–5, variant 10xx. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** RFC 5646 (BCP 47) language tag: language[-extlang][-script][-region][-variant]*[-extension]*[-privateuse], or privateuse. */
const LANGUAGE_TAG =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+)$/i;
/** ISO 8601 date-time as LRSs accept it (the RFC 3339 profile): seconds required, time zone required. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** ISO 8601 duration. */
const DURATION = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const VERSION = /^1\.0(\.\d+)?$/;
const MAILTO = /^mailto:[^@\s]+@[^@\s]+$/;
const SHA1 = /^[0-9a-f]{40}$/i;
const IFIS = ["mbox", "mbox_sha1sum", "openid", "account"] as const;
const VOIDED = "http://adlnet.gov/expapi/verbs/voided";

function validateXapiStatement(statement: unknown): string[] {
  const errors: string[] = [];
  const err = (path: string, message: string) => errors.push(`${path}: ${message}`);

  const only = (v: Json, allowed: readonly string[], path: string) => {
    for (const k of Object.keys(v)) if (!allowed.includes(k)) err(`${path}.${k}`, "is not a property of this object");
  };
  const iri = (v: unknown, path: string) => {
    if (typeof v !== "string" || !IRI.test(v)) err(path, "must be an absolute IRI");
  };
  const uuid = (v: unknown, path: string) => {
    if (typeof v !== "string" || !UUID.test(v)) err(path, "must be an RFC 4122 UUID");
  };
  const string = (v: unknown, path: string) => {
    if (typeof v !== "string") err(path, "must be a string");
  };
  const languageMap = (v: unknown, path: string) => {
    if (!isObject(v)) return err(path, "must be a language map (an object)");
    for (const [k, text] of Object.entries(v)) {
      if (!LANGUAGE_TAG.test(k)) err(`${path}.${k}`, "key must be a BCP 47 language tag");
      if (typeof text !== "string") err(`${path}.${k}`, "must be a string");
    }
  };
  const extensions = (v: unknown, path: string) => {
    if (!isObject(v)) return err(path, "must be an object");
    for (const k of Object.keys(v)) if (!IRI.test(k)) err(`${path}.${k}`, "extension key must be an absolute IRI");
  };
  const timestamp = (v: unknown, path: string) => {
    const m = typeof v === "string" ? TIMESTAMP.exec(v) : null;
    if (!m) return err(path, "must be an ISO 8601 date-time with a time zone");
    const [, y, mo, d, h, mi, s, , zone] = m;
    const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!));
    if (date.getUTCMonth() !== +mo! - 1 || date.getUTCDate() !== +d! || +h! > 23 || +mi! > 59 || +s! > 59) err(path, "is not a real date and time");
    if (zone === "-00:00") err(path, "must not use the offset -00:00");
  };

  /** The inverse functional identifiers present on an Agent or Group; each is checked. */
  const ifis = (v: Json, path: string): number => {
    const present = IFIS.filter((k) => v[k] !== undefined);
    if (v.mbox !== undefined && (typeof v.mbox !== "string" || !MAILTO.test(v.mbox))) err(`${path}.mbox`, "must be a mailto: IRI");
    if (v.mbox_sha1sum !== undefined && (typeof v.mbox_sha1sum !== "string" || !SHA1.test(v.mbox_sha1sum)))
      err(`${path}.mbox_sha1sum`, "must be a SHA-1 hex digest");
    if (v.openid !== undefined) iri(v.openid, `${path}.openid`);
    if (v.account !== undefined) {
      if (!isObject(v.account)) err(`${path}.account`, "must be an object");
      else {
        only(v.account, ["homePage", "name"], `${path}.account`);
        iri(v.account.homePage, `${path}.account.homePage`);
        if (typeof v.account.name !== "string" || v.account.name === "") err(`${path}.account.name`, "must be a non-empty string");
      }
    }
    return present.length;
  };
  const agent = (v: unknown, path: string) => {
    if (!isObject(v)) return err(path, "must be an Agent object");
    if (v.objectType !== undefined && v.objectType !== "Agent") err(`${path}.objectType`, 'must be "Agent"');
    only(v, ["objectType", "name", ...IFIS], path);
    if (v.name !== undefined) string(v.name, `${path}.name`);
    if (ifis(v, path) !== 1) err(path, "an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account)");
  };
  const group = (v: unknown, path: string) => {
    if (!isObject(v)) return err(path, "must be a Group object");
    if (v.objectType !== "Group") err(`${path}.objectType`, 'must be "Group"');
    only(v, ["objectType", "name", "member", ...IFIS], path);
    if (v.name !== undefined) string(v.name, `${path}.name`);
    const n = ifis(v, path);
    if (n > 1) err(path, "a Group must not have more than one inverse functional identifier");
    if (v.member !== undefined) {
      if (!Array.isArray(v.member)) err(`${path}.member`, "must be an array of Agents");
      else v.member.forEach((m, i) => agent(m, `${path}.member[${i}]`));
    }
    if (n === 0 && (!Array.isArray(v.member) || v.member.length === 0)) err(`${path}.member`, "an anonymous Group must list its members");
  };
  const actor = (v: unknown, path: string) => (isObject(v) && v.objectType === "Group" ? group(v, path) : agent(v, path));

  const activity = (v: unknown, path: string) => {
    if (!isObject(v)) return err(path, "must be an Activity object");
    if (v.objectType !== undefined && v.objectType !== "Activity") err(`${path}.objectType`, 'must be "Activity"');
    only(v, ["objectType", "id", "definition"], path);
    iri(v.id, `${path}.id`);
    if (v.definition === undefined) return;
    const d = v.definition;
    if (!isObject(d)) return err(`${path}.definition`, "must be an object");
    only(
      d,
      ["name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern", "choices", "scale", "source", "target", "steps"],
      `${path}.definition`,
    );
    if (d.name !== undefined) languageMap(d.name, `${path}.definition.name`);
    if (d.description !== undefined) languageMap(d.description, `${path}.definition.description`);
    if (d.type !== undefined) iri(d.type, `${path}.definition.type`);
    if (d.moreInfo !== undefined) iri(d.moreInfo, `${path}.definition.moreInfo`);
    if (d.extensions !== undefined) extensions(d.extensions, `${path}.definition.extensions`);
  };
  const statementRef = (v: Json, path: string) => {
    only(v, ["objectType", "id"], path);
    uuid(v.id, `${path}.id`);
  };

  const verb = (v: unknown, path: string) => {
    if (!isObject(v)) return err(path, "must be a Verb object");
    only(v, ["id", "display"], path);
    iri(v.id, `${path}.id`);
    if (v.display !== undefined) languageMap(v.display, `${path}.display`);
  };

  const result = (v: unknown, path: string) => {
    if (!isObject(v)) return err(path, "must be an object");
    only(v, ["score", "success", "completion", "response", "duration", "extensions"], path);
    if (v.success !== undefined && typeof v.success !== "boolean") err(`${path}.success`, "must be a boolean");
    if (v.completion !== undefined && typeof v.completion !== "boolean") err(`${path}.completion`, "must be a boolean");
    if (v.response !== undefined) string(v.response, `${path}.response`);
    if (v.duration !== undefined && (typeof v.duration !== "string" || !DURATION.test(v.duration))) err(`${path}.duration`, "must be an ISO 8601 duration");
    if (v.extensions !== undefined) extensions(v.extensions, `${path}.extensions`);
    if (v.score === undefined) return;
    const s = v.score;
    if (!isObject(s)) return err(`${path}.score`, "must be an object");
    only(s, ["scaled", "raw", "min", "max"], `${path}.score`);
    for (const k of ["scaled", "raw", "min", "max"] as const)
      if (s[k] !== undefined && (typeof s[k] !== "number" || !Number.isFinite(s[k]))) err(`${path}.score.${k}`, "must be a number");
    const num = (k: string) => (typeof s[k] === "number" ? (s[k] as number) : undefined);
    const [scaled, raw, min, max] = [num("scaled"), num("raw"), num("min"), num("max")];
    if (scaled !== undefined && (scaled < -1 || scaled > 1)) err(`${path}.score.scaled`, "must be between -1 and 1");
    if (min !== undefined && max !== undefined && !(min < max)) err(`${path}.score.min`, "must be less than max");
    if (raw !== undefined && min !== undefined && raw < min) err(`${path}.score.raw`, "must not be below min");
    if (raw !== undefined && max !== undefined && raw > max) err(`${path}.score.raw`, "must not be above max");
  };

  const context = (v: unknown, path: string, objectIsActivity: boolean) => {
    if (!isObject(v)) return err(path, "must be an object");
    only(v, ["registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement", "extensions"], path);
    if (v.registration !== undefined) uuid(v.registration, `${path}.registration`);
    if (v.instructor !== undefined) actor(v.instructor, `${path}.instructor`);
    if (v.team !== undefined) group(v.team, `${path}.team`);
    for (const k of ["revision", "platform"] as const) {
      if (v[k] === undefined) continue;
      string(v[k], `${path}.${k}`);
      if (!objectIsActivity) err(`${path}.${k}`, "is only allowed when the object is an Activity");
    }
    if (v.language !== undefined && (typeof v.language !== "string" || !LANGUAGE_TAG.test(v.language)))
      err(`${path}.language`, "must be a BCP 47 language tag");
    if (v.statement !== undefined) {
      if (!isObject(v.statement) || v.statement.objectType !== "StatementRef") err(`${path}.statement`, "must be a StatementRef");
      else statementRef(v.statement, `${path}.statement`);
    }
    if (v.extensions !== undefined) extensions(v.extensions, `${path}.extensions`);
    if (v.contextActivities !== undefined) {
      const ca = v.contextActivities;
      if (!isObject(ca)) return err(`${path}.contextActivities`, "must be an object");
      only(ca, ["parent", "grouping", "category", "other"], `${path}.contextActivities`);
      for (const [k, list] of Object.entries(ca)) {
        // The spec also lets a producer send a single Activity; LRSs return arrays, and so must we.
        if (!Array.isArray(list)) err(`${path}.contextActivities.${k}`, "must be an array of Activities");
        else list.forEach((a, i) => activity(a, `${path}.contextActivities.${k}[${i}]`));
      }
    }
  };

  const object = (v: unknown, path: string, inSubStatement: boolean) => {
    if (!isObject(v)) return err(path, "must be an object");
    switch (v.objectType ?? "Activity") {
      case "Activity":
        return activity(v, path);
      case "Agent":
        return agent(v, path);
      case "Group":
        return group(v, path);
      case "StatementRef":
        return statementRef(v, path);
      case "SubStatement":
        if (inSubStatement) return err(path, "a SubStatement must not contain a SubStatement");
        return body(v, path, true);
      default:
        return err(`${path}.objectType`, "must be Activity, Agent, Group, StatementRef or SubStatement");
    }
  };

  const attachments = (v: unknown, path: string) => {
    if (!Array.isArray(v)) return err(path, "must be an array");
    v.forEach((a, i) => {
      const p = `${path}[${i}]`;
      if (!isObject(a)) return err(p, "must be an object");
      only(a, ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"], p);
      iri(a.usageType, `${p}.usageType`);
      languageMap(a.display, `${p}.display`);
      if (a.description !== undefined) languageMap(a.description, `${p}.description`);
      string(a.contentType, `${p}.contentType`);
      if (!Number.isInteger(a.length) || (a.length as number) < 0) err(`${p}.length`, "must be a non-negative integer");
      string(a.sha2, `${p}.sha2`);
      if (a.fileUrl !== undefined) iri(a.fileUrl, `${p}.fileUrl`);
    });
  };

  function body(v: Json, path: string, sub: boolean) {
    const own = sub
      ? ["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"]
      : ["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"];
    only(v, own, path);
    for (const k of ["actor", "verb", "object"]) if (v[k] === undefined) err(`${path}.${k}`, "is required");
    if (!sub && v.id !== undefined) uuid(v.id, `${path}.id`);
    if (v.actor !== undefined) actor(v.actor, `${path}.actor`);
    if (v.verb !== undefined) verb(v.verb, `${path}.verb`);
    if (v.object !== undefined) object(v.object, `${path}.object`, sub);
    if (v.result !== undefined) result(v.result, `${path}.result`);
    const objectIsActivity = isObject(v.object) && (v.object.objectType ?? "Activity") === "Activity";
    if (v.context !== undefined) context(v.context, `${path}.context`, objectIsActivity);
    if (v.timestamp !== undefined) timestamp(v.timestamp, `${path}.timestamp`);
    if (v.stored !== undefined) timestamp(v.stored, `${path}.stored`);
    if (v.authority !== undefined) actor(v.authority, `${path}.authority`);
    if (v.version !== undefined && (typeof v.version !== "string" || !VERSION.test(v.version)))
      err(`${path}.version`, 'must be a 1.0.x version such as "1.0.3"');
    if (v.attachments !== undefined) attachments(v.attachments, `${path}.attachments`);
    if (isObject(v.verb) && v.verb.id === VOIDED && !(isObject(v.object) && v.object.objectType === "StatementRef"))
      err(`${path}.object`, "a voiding statement's object must be a StatementRef");
  }

  if (!isObject(statement)) return ["statement: must be an object"];
  body(statement, "statement", false);
  return errors;
}

/** The validator the tests use; swap in a library here (see above). */
const validateStatement: StatementValidator = validateXapiStatement;

// ─────────────────────────────────────────────────────────────────────────────────────────────────

describe("the xAPI statement validator", () => {
  const valid = (): Json => ({
    id: "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    version: "1.0.3",
    actor: { objectType: "Agent", account: { homePage: "https://campus.example.org", name: "user-1" } },
    verb: { id: "http://adlnet.gov/expapi/verbs/passed", display: { "en-US": "passed" } },
    object: {
      objectType: "Activity",
      id: "https://campus.example.org/courses/c/m/quiz",
      definition: { type: "http://adlnet.gov/expapi/activities/assessment", name: { en: "Quiz", lo: "ແບບທົດສອບ" } },
    },
    result: { score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, success: true, completion: true, duration: "PT4M30S" },
    context: {
      platform: "SHP Campus",
      language: "lo",
      contextActivities: {
        parent: [{ objectType: "Activity", id: "https://campus.example.org/courses/c" }],
        grouping: [{ id: "https://campus.example.org/trainer/cohorts/x" }],
      },
    },
    timestamp: "2026-03-03T02:00:00.000Z",
  });

  it("accepts well-formed statements (ours, and the specification's own shapes)", () => {
    expect(validateStatement(valid())).toEqual([]);
    expect(
      validateStatement({
        actor: { mbox: "mailto:someone@example.com", name: "Someone" },
        verb: { id: "http://adlnet.gov/expapi/verbs/created", display: { "en-US": "created" } },
        object: { id: "http://example.com/activities/someUniqueId" },
        timestamp: "2013-05-18T05:32:34.804+00:00",
      }),
    ).toEqual([]);
    expect(
      validateStatement({
        actor: { objectType: "Group", member: [{ mbox_sha1sum: "a".repeat(40) }, { openid: "http://openid.example.org/x" }] },
        verb: { id: VOIDED },
        object: { objectType: "StatementRef", id: "e05aa883-acaf-40ad-bf54-02c8ce485fb0" },
        stored: "2013-05-18T05:32:34+07:00",
      }),
    ).toEqual([]);
  });

  const cases: [string, (s: Json) => void, RegExp][] = [
    ["no actor", (s) => delete s.actor, /statement\.actor: is required/],
    ["no verb", (s) => delete s.verb, /statement\.verb: is required/],
    ["an actor with two identifiers", (s) => ((s.actor as Json).mbox = "mailto:a@example.org"), /exactly one inverse functional identifier/],
    ["an actor with no identifier", (s) => delete (s.actor as Json).account, /exactly one inverse functional identifier/],
    ["an account homePage that is not an IRI", (s) => (((s.actor as Json).account as Json).homePage = "campus"), /account\.homePage: must be an absolute IRI/],
    ["a relative verb id", (s) => ((s.verb as Json).id = "passed"), /verb\.id: must be an absolute IRI/],
    ["a display key that is not a language tag", (s) => ((s.verb as Json).display = { en_US: "passed" }), /display\.en_US: key must be a BCP 47/],
    ["a relative activity id", (s) => ((s.object as Json).id = "/courses/c"), /object\.id: must be an absolute IRI/],
    ["an activity name that is a plain string", (s) => (((s.object as Json).definition as Json).name = "Quiz"), /definition\.name: must be a language map/],
    ["a scaled score above 1", (s) => (((s.result as Json).score as Json).scaled = 1.5), /scaled: must be between -1 and 1/],
    ["a raw score above max", (s) => (((s.result as Json).score as Json).raw = 12), /raw: must not be above max/],
    ["min not below max", (s) => (((s.result as Json).score as Json).min = 10), /min: must be less than max/],
    ["success that is not a boolean", (s) => ((s.result as Json).success = "yes"), /success: must be a boolean/],
    ["a timestamp that is not ISO 8601", (s) => (s.timestamp = "03/03/2026 09:00"), /timestamp: must be an ISO 8601/],
    ["a timestamp without a time zone", (s) => (s.timestamp = "2026-03-03T09:00:00"), /timestamp: must be an ISO 8601/],
    ["a timestamp with the offset -00:00", (s) => (s.timestamp = "2026-03-03T09:00:00-00:00"), /must not use the offset -00:00/],
    ["an impossible date", (s) => (s.timestamp = "2026-02-30T09:00:00Z"), /not a real date/],
    ["an id that is not a UUID", (s) => (s.id = "statement-1"), /statement\.id: must be an RFC 4122 UUID/],
    ["an id with the wrong variant", (s) => (s.id = "2ed6657d-e927-568b-75e1-2665a8aea6a2"), /statement\.id: must be an RFC 4122 UUID/],
    ["a version that is not 1.0.x", (s) => (s.version = "2.0.0"), /version: must be a 1\.0\.x version/],
    [
      "contextActivities.parent that is not an array",
      (s) => (((s.context as Json).contextActivities as Json).parent = { id: "https://campus.example.org/courses/c" }),
      /parent: must be an array of Activities/,
    ],
    [
      "a context activity with a relative id",
      (s) => (((s.context as Json).contextActivities as Json).grouping = [{ id: "cohort-1" }]),
      /grouping\[0\]\.id: must be an absolute IRI/,
    ],
    [
      "an unknown contextActivities key",
      (s) => (((s.context as Json).contextActivities as Json).parents = []),
      /contextActivities\.parents: is not a property/,
    ],
    ["a context language that is not a tag", (s) => ((s.context as Json).language = "Lao language"), /context\.language: must be a BCP 47/],
    [
      "a platform when the object is not an Activity",
      (s) => (s.object = { objectType: "Agent", account: { homePage: "https://x.example", name: "2" } }),
      /platform: is only allowed when the object is an Activity/,
    ],
    ["an unknown top-level property", (s) => (s.score = 80), /statement\.score: is not a property/],
    ["an unknown result property", (s) => ((s.result as Json).passed = true), /result\.passed: is not a property/],
    ["a voiding statement whose object is not a StatementRef", (s) => ((s.verb as Json).id = VOIDED), /voiding statement/],
  ];

  it.each(cases)("rejects %s", (_name, breakIt, message) => {
    const s = valid();
    breakIt(s);
    const errors = validateStatement(s);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toMatch(message);
  });

  it("rejects what is not a statement at all", () => {
    expect(validateStatement(null)).not.toEqual([]);
    expect(validateStatement([])).not.toEqual([]);
    expect(validateStatement("{}")).not.toEqual([]);
  });
});

describe("name-based UUIDs", () => {
  it("match RFC 4122 version 5 (known vectors) and set version and variant bits", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(uuidV5("https://campus.example.org/xapi", "6ba7b811-9dad-11d1-80b4-00c04fd430c8")).toBe("5edbca66-affd-542c-9922-0ea5f3c943e9");
    for (const name of ["a", "b", "ລາວ", ""])
      expect(uuidV5(name, "6ba7b811-9dad-11d1-80b4-00c04fd430c8")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// Fixture: real domain functions on a real SQLite file, real content (content/).
// ─────────────────────────────────────────────────────────────────────────────────────────────────

const ORIGIN = "https://campus.example.org";
const COURSE = "shp-foundations";
const OTHER = "ilo-c102";
const RETIRED = "retired-course";
const REMOVED_LESSON = "old-module/removed-lesson";
const DAY = 86_400_000;

function register(db: Db, trainer: User, cohortId: string, sessionId: string, marks: [User, AttendanceStatus][]) {
  const form = new FormData();
  for (const [u, status] of marks) form.set(`status-${u.id}`, status);
  expect(saveRegister(db, trainer.id, cohortId, sessionId, form)).toMatchObject({ invalid: 0 });
}

function buildFixture() {
  const db = createTestDb();
  const course = findCourse(COURSE)!;
  const other = findCourse(OTHER)!;
  const [l0, l1, l2] = [course.lessons[0]!, course.lessons[1]!, course.lessons[2]!];
  const m0 = course.modules[0]!;
  const t0 = Date.now() - 30 * DAY;
  const person = (name: string, over: Partial<User>) => insertUser(db, { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.org`, ...over });

  const trainerA = person("Bounmy Keosavang", { role: "trainer" });
  const trainerB = person("Chanthala Sisouk", { role: "trainer" });
  // Self-paced, completes the course: every lesson, a knowledge check, a module quiz failed then
  // passed, the pre-test and the final.
  const s1 = person("Noy Phommachanh", { sex: "woman", locale: "lo", country: "LA" });
  // Self-paced, enrolled in June 2025 (period filter): a completed lesson, two visits, a lesson the
  // content no longer has, and a failed final.
  const s2 = person("Tran Van Minh", { sex: "man", locale: "vi", country: "VN" });
  // Cohort A participants; cohort B participant who was first in A.
  const p1 = person("Somsack Inthavong", { sex: "man", locale: "en", country: "LA" });
  const p2 = person("Vanida Chanthavong", { sex: "woman", locale: "en", country: "LA" });
  const p3 = person("Sokha Chea", { sex: "undisclosed", locale: "en", country: "KH" });
  // Outside most scopes and filters: another course (enrolled 2024), and a course no longer in content.
  const outsider = person("Anong Srisuk", { sex: "another", locale: "th", country: "TH" });
  // Opened a lesson without ever enrolling: no learning record, so never exported.
  const ghost = person("Kham Ghost", { sex: "woman" });

  // s1 (the pre-test first: completing a lesson closes it)
  const pre = startAssessment(db, { userId: s1.id, course, kind: "pretest" });
  if (!pre.ok) throw new Error("pretest");
  const preAttempt = getAttempt(db, pre.attemptId)!;
  expect(
    submitAssessment(db, {
      userId: s1.id,
      course,
      kind: "pretest",
      attemptId: pre.attemptId,
      form: wrongForm(preAttempt.questions, (r) => course.bankByRef.get(r), preAttempt.optionOrder),
      locale: "en",
    }),
  ).toMatchObject({ ok: true });
  course.lessons.forEach((l, i) => openAndCompleteLesson(db, s1.id, COURSE, l.key, t0 + i * 60_000));
  recordLessonVisit(db, s1.id, COURSE, l0.key, t0 + DAY);
  const check = l0.check!;
  expect(submitFixedQuiz(db, { userId: s1.id, course, quiz: check, form: correctForm(check.refs, (r) => check.byRef.get(r)), locale: "en" })).toMatchObject({
    ok: true,
    passed: true,
  });
  const quiz = m0.quiz!;
  expect(takeModuleQuiz(db, s1.id, course, quiz, false).outcome).toMatchObject({ ok: true, passed: false });
  expect(takeModuleQuiz(db, s1.id, course, quiz, true).outcome).toMatchObject({ ok: true, passed: true });
  expect(takeFinal(db, s1.id, course, true)).toMatchObject({ ok: true, passed: true });

  // s2
  openAndCompleteLesson(db, s2.id, COURSE, l0.key, t0);
  recordLessonVisit(db, s2.id, COURSE, l1.key, t0 + 1000);
  recordLessonVisit(db, s2.id, COURSE, l2.key, t0 + 2000);
  recordLessonVisit(db, s2.id, COURSE, REMOVED_LESSON, t0 + 3000);
  expect(takeFinal(db, s2.id, course, false)).toMatchObject({ ok: true, passed: false });
  db.$client.prepare("update enrolments set enrolled_at = ? where user_id = ?").run(Date.parse("2025-06-15T08:00:00Z"), s2.id);

  // Cohort A: completion = at least 60% attendance (excused sessions not counted); four sessions,
  // the last one still to come.
  const cohortA = createCohort(
    db,
    trainerA,
    cohortInput(COURSE, { title: "Vientiane workshop A", allModules: false, finalPass: false, minAttendancePercent: 60 }),
    [],
  );
  const cohortB = createCohort(db, trainerB, cohortInput(COURSE, { title: "Phnom Penh workshop B", locale: "vi" }), []);
  const session = (cohortId: string, title: string, startsAt: number) =>
    createSession(db, cohortId, { title, startsAt, endsAt: startsAt + 3 * 3_600_000, place: "Room 1", onlineUrl: "", facilitator: "" });
  const a1 = session(cohortA.id, "Day 1: why social health protection", t0 + DAY);
  const a2 = session(cohortA.id, "Day 2: financing", t0 + 2 * DAY);
  const a3 = session(cohortA.id, "Day 3: rights", t0 + 3 * DAY);
  const a4 = session(cohortA.id, "Follow-up", Date.now() + 5 * DAY);
  const b1 = session(cohortB.id, "Ngày 1", t0 + DAY);
  for (const u of [p1, p2, p3]) expect(joinCohort(db, cohortA.id, u.id)).toBe("joined");
  register(db, trainerA, cohortA.id, a1.id, [
    [p1, "present"],
    [p2, "present"],
    [p3, "present"],
  ]);
  register(db, trainerA, cohortA.id, a2.id, [
    [p1, "absent"],
    [p2, "present"],
  ]);
  register(db, trainerA, cohortA.id, a3.id, [[p1, "excused"]]);
  // Marked present ahead of time: the register now refuses that (issue: attendance that counts real
  // sessions), but databases from before hold such rows, and the export must still leave them out
  // until the session starts — so the row is written directly, as the old register did.
  const ahead = new FormData();
  ahead.set(`status-${p1.id}`, "present");
  expect(saveRegister(db, trainerA.id, cohortA.id, a4.id, ahead)).toMatchObject({ saved: 0, notYet: 1 });
  db.$client
    .prepare("insert into attendance (session_id, user_id, status, method, marked_by, marked_at) values (?, ?, 'present', 'trainer', ?, ?)")
    .run(a4.id, p1.id, trainerA.id, Date.now());
  expect(moveMember(db, trainerA, cohortA.id, cohortB.id, p3.id)).toBe("moved");
  register(db, trainerB, cohortB.id, b1.id, [[p3, "present"]]);
  openAndCompleteLesson(db, p1.id, COURSE, l0.key, t0 + DAY);
  recordLessonVisit(db, p2.id, COURSE, l1.key, t0 + DAY);
  openAndCompleteLesson(db, p3.id, COURSE, l2.key, t0 + DAY);

  // outsider
  openAndCompleteLesson(db, outsider.id, OTHER, other.lessons[0]!.key, t0);
  db.$client.prepare("update enrolments set enrolled_at = ? where user_id = ? and course_slug = ?").run(Date.parse("2024-01-10T08:00:00Z"), outsider.id, OTHER);
  enrol(db, outsider.id, RETIRED);
  recordLessonVisit(db, outsider.id, RETIRED, "intro/welcome", t0);

  // ghost
  recordLessonVisit(db, ghost.id, COURSE, l0.key, t0);

  refreshLearningRecords(db);
  return { db, course, other, trainerA, trainerB, s1, s2, p1, p2, p3, outsider, ghost, cohortA, cohortB, a1, a2, a3, a4, b1, t0 };
}

type Fixture = ReturnType<typeof buildFixture>;
type VerbCounts = Partial<Record<"experienced" | "completed" | "passed" | "failed" | "attended", number>>;

const ALL: ReportScope = { kind: "all" };
const exportAll = (db: Db, scope: ReportScope = ALL, filters: ReportFilters = NO_FILTERS) => [...xapiStatements(db, scope, filters, { origin: ORIGIN })];
const verbName = (s: XapiStatement) => s.verb.display["en-US"]!;
function countVerbs(statements: XapiStatement[]): VerbCounts {
  const counts: Record<string, number> = {};
  for (const s of statements) counts[verbName(s)] = (counts[verbName(s)] ?? 0) + 1;
  return counts;
}
const actors = (statements: XapiStatement[]) => new Set(statements.map((s) => s.actor.account.name));
const of = (statements: XapiStatement[], user: User) => statements.filter((s) => s.actor.account.name === user.id);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), chunks };
}

describe("xAPI export", () => {
  let f: Fixture;
  let all: XapiStatement[];
  beforeAll(() => {
    f = buildFixture();
    all = exportAll(f.db);
  });

  it("produces only statements that pass xAPI 1.0.3 validation, with version-5 ids", () => {
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      expect(validateStatement(JSON.parse(JSON.stringify(s))), JSON.stringify(s)).toEqual([]);
      expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(s.version).toBe("1.0.3");
      expect(s.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(s.actor).toEqual({ objectType: "Agent", account: { homePage: ORIGIN, name: s.actor.account.name } });
      expect(s.context.platform).toBe("SHP Campus");
      expect(s.object.id.startsWith(`${ORIGIN}/`)).toBe(true);
    }
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });

  it("counts per verb and per learner match the fixture", () => {
    expect(countVerbs(all)).toEqual({ experienced: 21, completed: 19, passed: 3, failed: 2, attended: 4 });
    // s1: 12 lessons opened and completed, the pre-test (completed, no pass/fail), the course;
    // passed the knowledge check, the module quiz (second try) and the final; failed the module quiz once.
    expect(countVerbs(of(all, f.s1))).toEqual({ experienced: 12, completed: 14, passed: 3, failed: 1 });
    expect(countVerbs(of(all, f.s2))).toEqual({ experienced: 4, completed: 1, failed: 1 });
    // p1: 2 present of 3 counted sessions (one excused) = 67% ≥ 60% → course completed; the session
    // marked present ahead of time has not started, so is not (yet) exported.
    expect(countVerbs(of(all, f.p1))).toEqual({ experienced: 1, completed: 2, attended: 1 });
    expect(countVerbs(of(all, f.p2))).toEqual({ experienced: 1, attended: 2 });
    // p3 moved from A to B: only the attendance in B (lr.cohort_id) counts.
    expect(countVerbs(of(all, f.p3))).toEqual({ experienced: 1, completed: 1, attended: 1 });
    expect(countVerbs(of(all, f.outsider))).toEqual({ experienced: 2, completed: 1 });
    expect(of(all, f.ghost)).toEqual([]);
    expect(of(all, f.trainerA)).toEqual([]);
  });

  it("describes lessons, quizzes, sessions and the course with IRIs, ADL types and content titles", () => {
    const s1 = of(all, f.s1);
    const course = f.course;
    const l0 = course.lessons[0]!;
    const m0 = course.modules[0]!;
    const courseActivity = {
      objectType: "Activity",
      id: `${ORIGIN}/courses/${COURSE}`,
      definition: { type: "http://adlnet.gov/expapi/activities/course", name: course.title },
    };

    const experienced = s1.find((s) => verbName(s) === "experienced" && s.object.id === `${ORIGIN}/courses/${COURSE}/${l0.key}`)!;
    expect(experienced.object.definition).toEqual({
      type: "http://adlnet.gov/expapi/activities/lesson",
      name: Object.fromEntries(Object.entries(l0.versions).map(([locale, v]) => [locale, v!.title])),
    });
    expect(Object.keys(experienced.object.definition?.name ?? {})).toEqual(expect.arrayContaining(["en", "lo", "vi"]));
    expect(experienced.timestamp).toBe(new Date(f.t0 + DAY).toISOString()); // last seen
    expect(experienced.context).toEqual({ platform: "SHP Campus", language: "lo", contextActivities: { parent: [courseActivity] } });
    expect(experienced.result).toBeUndefined();
    const lessonDone = s1.find((s) => verbName(s) === "completed" && s.object.id === experienced.object.id)!;
    expect(lessonDone.timestamp).toBe(new Date(f.t0).toISOString());
    expect(lessonDone.result).toEqual({ completion: true });

    const check = s1.find((s) => s.object.id === `${ORIGIN}/courses/${COURSE}/${l0.key}#check`)!;
    expect(verbName(check)).toBe("passed");
    expect(check.verb.id).toBe("http://adlnet.gov/expapi/verbs/passed");
    expect(check.object.definition).toEqual({
      type: "http://adlnet.gov/expapi/activities/assessment",
      name: { en: `Knowledge check: ${l0.versions.en.title}` },
    });
    expect(check.result).toEqual({ score: { scaled: 1, raw: l0.check!.refs.length, min: 0, max: l0.check!.refs.length }, success: true, completion: true });

    const quizzes = s1.filter((s) => s.object.id === `${ORIGIN}/courses/${COURSE}/${m0.slug}/quiz`);
    expect(quizzes.map(verbName)).toEqual(["failed", "passed"]);
    expect(quizzes[0]!.result).toMatchObject({ score: { scaled: 0, raw: 0, min: 0 }, success: false, completion: true });

    const pretest = s1.find((s) => s.object.id === `${ORIGIN}/courses/${COURSE}/assessment/pretest`)!;
    expect(verbName(pretest)).toBe("completed");
    expect(pretest.result).toMatchObject({ completion: true, score: { scaled: 0, raw: 0, min: 0 } });
    expect(pretest.result!.success).toBeUndefined();
    const final = s1.find((s) => s.object.id === `${ORIGIN}/courses/${COURSE}/assessment/final`)!;
    expect(verbName(final)).toBe("passed");
    expect(final.object.definition!.name).toEqual({ en: `Final assessment: ${course.title.en}` });

    const courseDone = s1.find((s) => s.object.id === `${ORIGIN}/courses/${COURSE}`)!;
    expect(verbName(courseDone)).toBe("completed");
    expect(courseDone.object).toEqual(courseActivity);
    expect(courseDone.context).toEqual({ platform: "SHP Campus", language: "lo" });
    expect(courseDone.result).toEqual({ completion: true });

    const cohortA = { objectType: "Activity", id: `${ORIGIN}/trainer/cohorts/${f.cohortA.id}`, definition: { name: { en: "Vientiane workshop A" } } };
    const attended = of(all, f.p2).filter((s) => verbName(s) === "attended");
    expect(attended.map((s) => s.object.id)).toEqual([f.a1, f.a2].map((a) => `${ORIGIN}/trainer/cohorts/${f.cohortA.id}/schedule/${a.id}`));
    expect(attended[0]!.object.definition).toEqual({ type: "http://adlnet.gov/expapi/activities/meeting", name: { en: f.a1.title } });
    expect(attended[0]!.timestamp).toBe(new Date(f.a1.startsAt).toISOString());
    expect(attended[0]!.context.contextActivities).toEqual({ parent: [courseActivity], grouping: [cohortA] });
    // Every statement of a cohort participant is grouped under the cohort.
    for (const s of of(all, f.p1)) expect(s.context.contextActivities?.grouping).toEqual([cohortA]);
    const p3 = of(all, f.p3).find((s) => verbName(s) === "attended")!;
    expect(p3.object.id).toBe(`${ORIGIN}/trainer/cohorts/${f.cohortB.id}/schedule/${f.b1.id}`);
    expect(p3.object.definition!.name).toEqual({ vi: "Ngày 1" });
  });

  it("falls back to slugs for content that no longer exists", () => {
    const removed = of(all, f.s2).find((s) => s.object.id === `${ORIGIN}/courses/${COURSE}/${REMOVED_LESSON}`)!;
    expect(removed.object.definition!.name).toEqual({ en: REMOVED_LESSON });
    const retired = of(all, f.outsider).find((s) => s.object.id.startsWith(`${ORIGIN}/courses/${RETIRED}/`))!;
    expect(retired.object.definition!.name).toEqual({ en: "intro/welcome" });
    expect(retired.context.contextActivities!.parent![0]!.definition!.name).toEqual({ en: RETIRED });
  });

  it("never contains an e-mail address or a person's name", () => {
    const text = all.map((s) => JSON.stringify(s)).join("\n");
    for (const u of [f.s1, f.s2, f.p1, f.p2, f.p3, f.outsider, f.ghost, f.trainerA, f.trainerB]) {
      expect(text).not.toContain(u.email);
      expect(text).not.toContain(u.name);
    }
    expect(text).not.toContain("@");
    expect(text).not.toContain("mailto:");
    for (const s of all) expect(Object.keys(s.actor).sort()).toEqual(["account", "objectType"]);
  });

  it("gives the same ids (and statements) on a second export, different ids on another platform", () => {
    const again = exportAll(f.db);
    expect(again.map((s) => s.id)).toEqual(all.map((s) => s.id));
    expect(JSON.stringify(again)).toBe(JSON.stringify(all));
    const elsewhere = [...xapiStatements(f.db, ALL, NO_FILTERS, { origin: "https://other.example.org" })];
    expect(elsewhere).toHaveLength(all.length);
    expect(elsewhere.some((s) => all.some((a) => a.id === s.id))).toBe(false);
  });

  it("a trainer's scope has only their cohort's participants", () => {
    const scope = scopeFor(f.db, f.trainerA);
    expect(scope).toEqual({ kind: "cohorts", cohortIds: [f.cohortA.id] });
    const mine = exportAll(f.db, scope);
    expect(actors(mine)).toEqual(new Set([f.p1.id, f.p2.id]));
    expect(countVerbs(mine)).toEqual({ experienced: 2, completed: 2, attended: 3 });
    expect(exportAll(f.db, { kind: "cohorts", cohortIds: [] })).toEqual([]);
    expect(actors(exportAll(f.db, scopeFor(f.db, f.trainerB)))).toEqual(new Set([f.p3.id]));
  });

  it("filters by sex, course, period and cohort", () => {
    const women = exportAll(f.db, ALL, { ...NO_FILTERS, sex: "woman" });
    expect(actors(women)).toEqual(new Set([f.s1.id, f.p2.id])); // the ghost has no learning record
    expect(women).toHaveLength(30 + 3);

    const other = exportAll(f.db, ALL, { ...NO_FILTERS, course: OTHER });
    expect(actors(other)).toEqual(new Set([f.outsider.id]));
    expect(countVerbs(other)).toEqual({ experienced: 1, completed: 1 });
    expect(other.every((s) => s.object.id.startsWith(`${ORIGIN}/courses/${OTHER}/`))).toBe(true);

    const june2025 = exportAll(f.db, ALL, { ...NO_FILTERS, from: "2025-Q2", to: "2025-Q2" });
    expect(actors(june2025)).toEqual(new Set([f.s2.id]));
    expect(june2025).toHaveLength(6);
    expect(exportAll(f.db, ALL, { ...NO_FILTERS, to: "2024-Q4" }).map((s) => s.actor.account.name)).toEqual([f.outsider.id, f.outsider.id]);

    const womenInA = exportAll(f.db, scopeFor(f.db, f.trainerA), { ...NO_FILTERS, sex: "woman" });
    expect(actors(womenInA)).toEqual(new Set([f.p2.id]));
    expect(actors(exportAll(f.db, ALL, { ...NO_FILTERS, cohort: f.cohortB.id }))).toEqual(new Set([f.p3.id]));
  });

  it("leaves out what happens after `now`", () => {
    const withFuture = exportAll(f.db).length;
    const later = [...xapiStatements(f.db, ALL, NO_FILTERS, { origin: ORIGIN, now: f.a4.startsAt })];
    expect(later).toHaveLength(withFuture + 1); // p1's follow-up session, once it has started
    expect(later.some((s) => s.object.id.endsWith(`/schedule/${f.a4.id}`))).toBe(true);
    const early = [...xapiStatements(f.db, ALL, NO_FILTERS, { origin: ORIGIN, now: f.t0 + 30_000 })];
    // By t0 + 30 s: s1 had completed the first lesson (last seen only a day later); s2 had completed
    // one lesson and opened three more; the outsider had completed one lesson and opened the retired one.
    expect(countVerbs(of(early, f.s1))).toEqual({ completed: 1 });
    expect(countVerbs(of(early, f.s2))).toEqual({ experienced: 4, completed: 1 });
    expect(countVerbs(early)).toEqual({ experienced: 6, completed: 3 });
  });

  it("rejects an origin that is not an absolute http(s) URL", () => {
    expect(() => [...xapiStatements(f.db, ALL, NO_FILTERS, { origin: "campus.example.org" })]).toThrow(/origin/);
    expect(() => [...xapiStatements(f.db, ALL, NO_FILTERS, { origin: "ftp://campus.example.org" })]).toThrow(/origin/);
    expect([...xapiStatements(f.db, ALL, NO_FILTERS, { origin: `${ORIGIN}/` })].map((s) => s.id)).toEqual(all.map((s) => s.id));
  });

  it("streams JSON Lines: one statement per \\n-terminated line, in batches", async () => {
    const { text, chunks } = await readAll(xapiJsonLines(f.db, ALL, NO_FILTERS, { origin: ORIGIN, batchSize: 10, maxChunkMs: Number.POSITIVE_INFINITY }));
    expect(chunks).toBe(Math.ceil(all.length / 10));
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(all.length);
    const parsed = lines.map((line) => JSON.parse(line) as unknown);
    for (const s of parsed) expect(validateStatement(s)).toEqual([]);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(all)));
    // A chunk also ends when its time budget is spent (here: after every statement).
    const timed = await readAll(xapiJsonLines(f.db, ALL, NO_FILTERS, { origin: ORIGIN, maxChunkMs: 0 }));
    expect(timed.chunks).toBe(all.length);
    expect(timed.text).toBe(text);
    // An empty population is an empty body.
    expect((await readAll(xapiJsonLines(f.db, { kind: "cohorts", cohortIds: [] }, NO_FILTERS, { origin: ORIGIN }))).text).toBe("");
  });
});

describe("xAPI export and the app's connection", () => {
  it("while a JSON Lines export is paused between chunks, the app can still write; the export reads one snapshot", async () => {
    const f = buildFixture();
    const before = exportAll(f.db);
    const lines: string[] = [];
    const chunks = xapiJsonLineChunks(f.db, ALL, NO_FILTERS, { origin: ORIGIN, batchSize: 5 });
    const decoder = new TextDecoder();
    const first = await chunks.next();
    lines.push(...decoder.decode(first.value!).split("\n").filter(Boolean));
    // A learner's request arrives mid-export: it writes through the app's connection.
    recordLessonVisit(f.db, f.p2.id, COURSE, f.course.lessons[5]!.key);
    for await (const chunk of chunks) lines.push(...decoder.decode(chunk).split("\n").filter(Boolean));
    expect(lines.map((l) => (JSON.parse(l) as XapiStatement).id)).toEqual(before.map((s) => s.id));
    refreshLearningRecords(f.db);
    expect(exportAll(f.db)).toHaveLength(before.length + 1);
  });

  it("cancelling the stream ends the export and frees its connection", async () => {
    const f = buildFixture();
    const reader = xapiJsonLines(f.db, ALL, NO_FILTERS, { origin: ORIGIN, batchSize: 5 }).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    recordLessonVisit(f.db, f.p2.id, COURSE, f.course.lessons[6]!.key);
  });

  it("(why the stream has its own connection) a generator paused on the app's connection blocks its writes", () => {
    const f = buildFixture();
    const statements = xapiStatements(f.db, ALL, NO_FILTERS, { origin: ORIGIN });
    statements.next();
    expect(() => recordLessonVisit(f.db, f.p2.id, COURSE, f.course.lessons[7]!.key)).toThrow(/busy/);
    statements.return(undefined);
    recordLessonVisit(f.db, f.p2.id, COURSE, f.course.lessons[7]!.key);
  });
});
