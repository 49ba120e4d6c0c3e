import { useTranslation } from "react-i18next";
import { data, Link, redirect } from "react-router";
import type { Route } from "./+types/verify";
import { normaliseCode } from "#app/certificates/codes";
import { VerifyForm } from "#app/components/verify-form";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "SHP Campus" }];

// Public: no login. A well-formed code goes to its page; anything else gets a clear message.
export function loader({ request, context }: Route.LoaderArgs) {
  const t = getInstance(context).t;
  const title = `${t("certificates.verify.title")} · SHP Campus`;
  const raw = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 100);
  if (!raw.trim()) return { title, code: "", error: null as string | null };
  const code = normaliseCode(raw);
  if (!code) return data({ title, code: raw, error: t("certificates.verify.malformed") as string | null }, { status: 400 });
  throw redirect(`/verify/${code}`);
}

export default function Verify({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("certificates.verify.title")}</h1>
      <p className="lead">{t("certificates.verify.lead")}</p>
      <VerifyForm defaultValue={loaderData.code} error={loaderData.error} />
      <p>
        <Link to="/verify/file">{t("certificates.file.link")}</Link>
      </p>
    </div>
  );
}
