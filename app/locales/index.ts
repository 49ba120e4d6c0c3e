import en from "./en";
import lo from "./lo";
import vi from "./vi";

/** UI translations for every locale that has one; others fall back to English. */
const resources = {
  en: { translation: en },
  lo: { translation: lo },
  vi: { translation: vi },
};
export default resources;
