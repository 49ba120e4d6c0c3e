/**
 * The platform's shared vocabularies: the fixed lists of values stored in the database and offered
 * in forms. Plain data, no server code: db/schema.ts builds its columns from these, and UI modules
 * import them from here (importing db/schema.ts would ship drizzle to the browser).
 */

export const ROLES = ["learner", "trainer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const CONSTITUENT_GROUPS = [
  "government",
  "workers",
  "employers",
  "social-security-institution",
  "academia",
  "civil-society",
  "development-partner",
  "other",
  // "Prefer not to say": as for sex, a person need not tell (issue 19, privacy).
  "undisclosed",
] as const;
export type ConstituentGroup = (typeof CONSTITUENT_GROUPS)[number];

export const SEXES = ["woman", "man", "another", "undisclosed"] as const;
export type Sex = (typeof SEXES)[number];

export const CERTIFICATE_KINDS = ["completion", "participation"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const COHORT_MODES = ["in_person", "online", "blended"] as const;
export type CohortMode = (typeof COHORT_MODES)[number];
export const ENROLMENT_KINDS = ["code", "invite"] as const;
export const TRAINER_ROLES = ["lead", "co"] as const;
export const ATTENDANCE_STATUSES = ["present", "absent", "excused"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_METHODS = ["trainer", "self"] as const;

/** Training evaluation: the end-of-training questionnaire and the follow-up months later. */
export const EVALUATION_KINDS = ["evaluation", "followup"] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
/** Questions a trainer may add: a 1–5 scale, a single choice, a short text. */
export const EXTRA_QUESTION_TYPES = ["scale", "choice", "text"] as const;
export type ExtraQuestionType = (typeof EXTRA_QUESTION_TYPES)[number];
