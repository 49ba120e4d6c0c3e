import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { Field, type FieldError } from "./fields";

/** Add or edit a session; times are local (UTC+7) via datetime-local inputs. */
export function SessionForm({ values, errors, submitLabel }: { values: Record<string, string>; errors: Record<string, FieldError>; submitLabel: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="session" />
      <Field name="title" label={t("cohorts.schedule.sessionTitle")} required maxLength={160} defaultValue={values.title} error={errors.title} />
      <div className="field-row">
        <Field
          name="startsAt"
          type="datetime-local"
          label={t("cohorts.schedule.startsAt")}
          hint={t("cohorts.schedule.timeZone")}
          required
          defaultValue={values.startsAt}
          error={errors.startsAt}
        />
        <Field name="endsAt" type="datetime-local" label={t("cohorts.schedule.endsAt")} required defaultValue={values.endsAt} error={errors.endsAt} />
      </div>
      <Field name="place" label={t("cohorts.schedule.place")} maxLength={200} defaultValue={values.place} error={errors.place} />
      <Field name="onlineUrl" type="url" label={t("cohorts.schedule.onlineUrl")} maxLength={500} defaultValue={values.onlineUrl} error={errors.onlineUrl} />
      <Field name="facilitator" label={t("cohorts.schedule.facilitator")} maxLength={160} defaultValue={values.facilitator} error={errors.facilitator} />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
