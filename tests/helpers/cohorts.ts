import type { CohortInput } from "#app/cohorts/cohorts.server";

/** A valid cohort form for tests: a three-day blended workshop in Vientiane, overridable field by field. */
export function cohortInput(courseSlug: string, over: Partial<CohortInput> = {}): CohortInput {
  return {
    courseSlug,
    title: "NHI claims management, Vientiane",
    description: "",
    startsOn: "2026-03-03",
    endsOn: "2026-03-05",
    mode: "blended",
    venue: "Vientiane",
    locale: "en",
    timeZone: "Asia/Vientiane",
    capacity: null,
    enrolment: "code",
    allModules: true,
    finalPass: true,
    minAttendancePercent: null,
    evaluationSubmitted: false,
    certificateKind: "completion",
    coTrainers: "",
    ...over,
  };
}
