import en from "./en";
import lo from "./lo";
import vi from "./vi";
import km from "./km";
import th from "./th";

/** UI translations for every UI locale (UI_LOCALES); npm run content:check holds them to en's keys. */
const resources = {
  en: { translation: en },
  lo: { translation: lo },
  vi: { translation: vi },
  km: { translation: km },
  th: { translation: th },
};
export default resources;
