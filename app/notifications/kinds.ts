/** The kinds of notification (no server code: the preferences page lists them). */
export const NOTIFICATION_KINDS = [
  "cohort-invitation",
  "session-reminder",
  "announcement",
  "certificate-issued",
  "evaluation-request",
  "evaluation-reminder",
  "followup-request",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
