import { useTranslation } from "react-i18next";
import { dateFormat, zoneLabel } from "#app/i18n/datetime";
import { usePlatformTimeZone } from "#app/i18n/use-platform";
import { Link } from "react-router";

export function AttemptHistory({
  attempts,
  hrefFor,
}: {
  attempts: { id: number; percent: number; passed: boolean | null; at: number }[];
  hrefFor: (id: number) => string;
}) {
  const { t, i18n } = useTranslation();
  const timeZone = usePlatformTimeZone(); // before the early return: hooks run in the same order every render
  if (attempts.length === 0) return null;
  const fmt = dateFormat(i18n.language, "dateTime", timeZone);
  return (
    <section>
      <h2>{t("quiz.history")}</h2>
      <ul>
        {attempts.map((a) => (
          <li key={a.id}>
            <Link to={hrefFor(a.id)}>{t("quiz.attemptRow", { date: `${fmt.format(a.at)} (${zoneLabel(timeZone, a.at)})`, percent: a.percent })}</Link>
            {a.passed ? ` ✓ ${t("quiz.passed")}` : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
