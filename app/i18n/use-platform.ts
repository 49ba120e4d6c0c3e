import { useRouteLoaderData } from "react-router";

/**
 * The platform's time zone (TIME_ZONE, from the root loader): the zone of times that belong to no
 * workshop, such as attempt history and link expiry.
 */
export function usePlatformTimeZone(): string {
  const root = useRouteLoaderData("root") as { timeZone?: string } | undefined;
  return root?.timeZone ?? "Asia/Vientiane";
}
