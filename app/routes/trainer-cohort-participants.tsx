import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/trainer-cohort-participants";
import { memberList, moveTargets, removeMember } from "#app/cohorts/cohorts.server";
import { moveParticipant } from "#app/learning/achievements.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { publicOrigin } from "#app/env.server";
import { cohortInvitationList, membersWithoutPassword, reissueCohortLinks } from "#app/cohorts/invitations.server";
import { FormAlert } from "#app/components/fields";
import { formatDate, LinksSheet } from "#app/components/cohort-ui";
import { withQr } from "#app/cohorts/qr.server";
import { done, invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "view");
  const pending = membersWithoutPassword(db, cohort.id);
  const url = new URL(request.url);
  return {
    title: `${getInstance(context).t("cohorts.tabs.participants")} · ${cohort.title}`,
    cohortId: cohort.id,
    timeZone: cohort.timeZone,
    cohortTitle: cohort.title,
    capacity: cohort.capacity,
    members: memberList(db, cohort.id).map((m) => ({ ...m, pending: pending.has(m.id) })),
    invitations: cohortInvitationList(db, cohort.id),
    targets: moveTargets(db, user, cohort).map((c) => ({ id: c.id, title: c.title })),
    done: url.searchParams.get("done"),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("remove"), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("move"), userId: z.string().min(1).max(64), to: z.string().min(1, "validation.choose").max(64) }),
  z.object({ intent: z.literal("links"), userId: z.string().max(64).optional() }),
]);

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "manage");
  const t = getInstance(context).t;
  const parsed = parseForm(await readForm(request), ActionSchema);
  if (!parsed.ok) return invalid({ formError: t("errors.badRequest") });
  const form = parsed.data;
  const here = `/trainer/cohorts/${cohort.id}/participants`;
  if (form.intent === "remove") {
    if (!removeMember(db, user, cohort.id, form.userId)) return invalid({ formError: t("cohorts.participants.notMember") });
    return redirect(`${here}?done=removed`);
  }
  if (form.intent === "move") {
    // The target must be a cohort this trainer may manage, too.
    if (!moveTargets(db, user, cohort).some((c) => c.id === form.to)) return invalid({ formError: t("cohorts.participants.moveErrors.not-found") });
    const { result } = moveParticipant(db, { actorId: user.id, fromId: cohort.id, toId: form.to, userId: form.userId, courseSlug: cohort.courseSlug });
    if (result !== "moved") return invalid({ formError: t(`cohorts.participants.moveErrors.${result}`) });
    return redirect(`${here}?done=moved`);
  }
  const links = reissueCohortLinks(db, user, cohort.id, publicOrigin(), form.userId ? [form.userId] : undefined);
  return done({ links: await withQr(links) });
}

export default function Participants({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  if (actionData?.result?.links) {
    return (
      <>
        <h1 className="no-print">{t("cohorts.tabs.participants")}</h1>
        <LinksSheet links={actionData.result.links} cohortTitle={d.cohortTitle} timeZone={d.timeZone} />
        <p className="no-print">
          <Link to={`/trainer/cohorts/${d.cohortId}/participants`}>{t("cohorts.participants.back")}</Link>
        </p>
      </>
    );
  }
  const pendingCount = d.members.filter((m) => m.pending).length;
  return (
    <>
      <h1>{t("cohorts.tabs.participants")}</h1>
      <FormAlert message={actionData?.formError} />
      <FormAlert
        tone="success"
        message={d.done === "removed" ? t("cohorts.participants.removed") : d.done === "moved" ? t("cohorts.participants.moved") : null}
      />
      <p>
        {d.capacity === null
          ? t("cohorts.participantsCount", { count: d.members.length })
          : t("cohorts.participantsOf", { count: d.members.length, capacity: d.capacity })}
      </p>
      <p className="actions">
        <Link className="button" to={`/trainer/cohorts/${d.cohortId}/participants/import`}>
          {t("cohorts.import.title")}
        </Link>
      </p>
      {pendingCount > 0 ? (
        <Form method="post" className="panel">
          <input type="hidden" name="intent" value="links" />
          <p>{t("cohorts.participants.pendingPasswords", { count: pendingCount })}</p>
          <button type="submit" className="button secondary">
            {t("cohorts.participants.printLinks")}
          </button>
        </Form>
      ) : null}
      {d.invitations.length > 0 ? (
        <section aria-labelledby="invitations-h">
          <h2 id="invitations-h">{t("cohorts.invitations.title")}</h2>
          <p className="hint">{t("cohorts.invitations.explain")}</p>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("auth.email")}</th>
                  <th scope="col">{t("cohorts.import.status")}</th>
                  <th scope="col">{t("cohorts.invitations.sent")}</th>
                </tr>
              </thead>
              <tbody>
                {d.invitations.map((i) => (
                  <tr key={i.email}>
                    <td>{i.email}</td>
                    <td>{t(`cohorts.invitations.statuses.${i.status}`)}</td>
                    <td>{formatDate(new Date(i.createdAt).toISOString().slice(0, 10), i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {d.members.length === 0 ? (
        <p>{t("cohorts.participants.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("auth.name")}</th>
                <th scope="col">{t("auth.email")}</th>
                <th scope="col">{t("auth.organisation")}</th>
                <th scope="col">{t("auth.constituentGroup")}</th>
                <th scope="col">{t("auth.sex")}</th>
                <th scope="col">{t("cohorts.participants.joined")}</th>
                <th scope="col">{t("cohorts.participants.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.members.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/trainer/cohorts/${d.cohortId}/gradebook/${m.id}`}>{m.name}</Link>
                    {m.pending ? <span className="muted"> · {t("cohorts.participants.noPassword")}</span> : null}
                  </td>
                  <td>{m.email}</td>
                  <td>{m.organisation}</td>
                  <td>{t(`auth.groups.${m.constituentGroup}`)}</td>
                  <td>{t(`auth.sexes.${m.sex}`)}</td>
                  <td>{formatDate(new Date(m.joinedAt).toISOString().slice(0, 10), i18n.language)}</td>
                  <td>
                    <div className="row-actions">
                      {d.targets.length > 0 ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="userId" value={m.id} />
                          <label htmlFor={`move-${m.id}`} className="visually-hidden">
                            {t("cohorts.participants.moveTo", { name: m.name })}
                          </label>
                          <select id={`move-${m.id}`} name="to" defaultValue="">
                            <option value="" disabled>
                              {t("cohorts.participants.moveChoose")}
                            </option>
                            {d.targets.map((c) => (
                              <option key={c.id} value={c.id}>
                                {c.title}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="button small secondary">
                            {t("cohorts.participants.move")}
                          </button>
                        </Form>
                      ) : null}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="userId" value={m.id} />
                        <button type="submit" className="button small secondary" aria-label={t("cohorts.participants.removeNamed", { name: m.name })}>
                          {t("cohorts.participants.remove")}
                        </button>
                      </Form>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
