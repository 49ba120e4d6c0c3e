/**
 * The id a device gives an attempt answered offline (docs/decisions/0018). A UUID written by the
 * service worker; absent for posts made online.
 */
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `null` when the form has none; `undefined` when it has one that is not an id (refuse the post). */
export function clientAttemptIdFrom(form: FormData): string | null | undefined {
  const value = form.get("clientAttemptId");
  if (value === null || value === "") return null;
  return typeof value === "string" && CLIENT_ID.test(value) ? value.toLowerCase() : undefined;
}
