import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { CERTIFICATE_KINDS, COHORT_MODES, ENROLMENT_KINDS } from "#app/vocabulary";
import { LOCALE_NAMES, UI_LOCALES } from "#app/content/locales";
import { Field, FormAlert, SelectField, TextAreaField, type FieldError } from "./fields";

export type CohortFormProps = {
  courses: { slug: string; title: string }[];
  timeZones: { value: string; label: string }[];
  values: Record<string, string>;
  errors: Record<string, FieldError>;
  formError?: string | null;
  submitLabel: string;
};

/** Create and edit a cohort: every field of the cohort, the completion rules and co-trainers. */
export function CohortForm({ courses, timeZones, values, errors, formError, submitLabel }: CohortFormProps) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="save" />
      <FormAlert message={formError} />
      <SelectField
        name="courseSlug"
        label={t("cohorts.form.course")}
        required
        defaultValue={values.courseSlug}
        error={errors.courseSlug}
        options={courses.map((c) => ({ value: c.slug, label: c.title }))}
      />
      <Field
        name="title"
        label={t("cohorts.form.title")}
        hint={t("cohorts.form.titleHint")}
        required
        maxLength={160}
        defaultValue={values.title}
        error={errors.title}
      />
      <TextAreaField
        name="description"
        label={t("cohorts.form.description")}
        rows={3}
        maxLength={4000}
        defaultValue={values.description}
        error={errors.description}
      />
      <div className="field-row">
        <Field name="startsOn" type="date" label={t("cohorts.form.startsOn")} required defaultValue={values.startsOn} error={errors.startsOn} />
        <Field name="endsOn" type="date" label={t("cohorts.form.endsOn")} required defaultValue={values.endsOn} error={errors.endsOn} />
      </div>
      <SelectField
        name="mode"
        label={t("cohorts.form.mode")}
        required
        defaultValue={values.mode ?? "blended"}
        error={errors.mode}
        options={COHORT_MODES.map((m) => ({ value: m, label: t(`cohorts.modes.${m}`) }))}
      />
      <Field name="venue" label={t("cohorts.form.venue")} maxLength={200} defaultValue={values.venue} error={errors.venue} />
      <SelectField
        name="locale"
        label={t("cohorts.form.locale")}
        required
        defaultValue={values.locale ?? "en"}
        error={errors.locale}
        options={UI_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      />
      <SelectField name="timeZone" label={t("cohorts.form.timeZone")} required defaultValue={values.timeZone} error={errors.timeZone} options={timeZones} />
      <Field
        name="capacity"
        type="number"
        label={t("cohorts.form.capacity")}
        hint={t("cohorts.form.capacityHint")}
        defaultValue={values.capacity}
        error={errors.capacity}
      />
      <SelectField
        name="enrolment"
        label={t("cohorts.form.enrolment")}
        required
        defaultValue={values.enrolment ?? "code"}
        error={errors.enrolment}
        options={ENROLMENT_KINDS.map((k) => ({ value: k, label: t(`cohorts.enrolmentKinds.${k}`) }))}
      />
      <fieldset className="fieldset">
        <legend>{t("cohorts.form.rules")}</legend>
        <label className="choice">
          <input type="checkbox" name="allModules" value="on" defaultChecked={values.allModules === "on"} />
          <span>{t("cohorts.rules.allModules")}</span>
        </label>
        <label className="choice">
          <input type="checkbox" name="finalPass" value="on" defaultChecked={values.finalPass === "on"} />
          <span>{t("cohorts.rules.finalPass")}</span>
        </label>
        <Field
          name="minAttendancePercent"
          type="number"
          label={t("cohorts.form.minAttendance")}
          hint={t("cohorts.form.minAttendanceHint")}
          defaultValue={values.minAttendancePercent}
          error={errors.minAttendancePercent}
        />
        <label className="choice">
          <input type="checkbox" name="evaluationSubmitted" value="on" defaultChecked={values.evaluationSubmitted === "on"} />
          <span>{t("cohorts.rules.evaluationSubmitted")}</span>
        </label>
      </fieldset>
      <SelectField
        name="certificateKind"
        label={t("cohorts.form.certificateKind")}
        required
        defaultValue={values.certificateKind ?? "completion"}
        error={errors.certificateKind}
        options={CERTIFICATE_KINDS.map((k) => ({ value: k, label: t(`cohorts.certificateKinds.${k}`) }))}
      />
      <Field
        name="coTrainers"
        label={t("cohorts.form.coTrainers")}
        hint={t("cohorts.form.coTrainersHint")}
        maxLength={2000}
        defaultValue={values.coTrainers}
        error={errors.coTrainers}
      />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
