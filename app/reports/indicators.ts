/** Report indicators and views: plain data shared by the server and the report page. */
export const MODES = ["self", "cohort"] as const;
export type Mode = (typeof MODES)[number];
export type View = Mode | "all";
export const VIEWS: View[] = ["all", "self", "cohort"];

export const COUNT_INDICATORS = ["enrolled", "active", "completed", "certified"] as const;
export type CountIndicator = (typeof COUNT_INDICATORS)[number];
export const INDICATORS = ["enrolled", "active", "completed", "certified", "completionRate", "passRate", "avgFinal", "attendanceRate"] as const;
export type Indicator = (typeof INDICATORS)[number];
export const INDICATOR_FORMAT: Record<Indicator, "count" | "percent"> = {
  enrolled: "count",
  active: "count",
  completed: "count",
  certified: "count",
  completionRate: "percent",
  passRate: "percent",
  avgFinal: "percent",
  attendanceRate: "percent",
};
