import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function AttemptHistory({ attempts, hrefFor }: { attempts: { id: number; percent: number; passed: boolean | null; at: number }[]; hrefFor: (id: number) => string }) {
  const { t, i18n } = useTranslation();
  if (attempts.length === 0) return null;
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (
    <section>
      <h2>{t("quiz.history")}</h2>
      <ul>
        {attempts.map((a) => (
          <li key={a.id}>
            <Link to={hrefFor(a.id)}>{t("quiz.attemptRow", { date: `${fmt.format(a.at)} UTC`, percent: a.percent })}</Link>
            {a.passed ? ` ✓ ${t("quiz.passed")}` : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
