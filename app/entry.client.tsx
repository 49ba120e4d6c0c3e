import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { HydratedRouter } from "react-router/dom";

// Only the page's own language is downloaded (a small cached chunk), before hydration.
const loaders: Record<string, () => Promise<{ default: object }>> = {
  en: () => import("./locales/en"),
  lo: () => import("./locales/lo"),
  vi: () => import("./locales/vi"),
};

async function main() {
  const lng = document.documentElement.lang in loaders ? document.documentElement.lang : "en";
  // Every UI locale is complete (typed against English), so no English fallback bundle is needed.
  const resources = { [lng]: { translation: (await loaders[lng]!()).default } };
  await i18next.use(initReactI18next).init({ lng, fallbackLng: "en", resources, interpolation: { escapeValue: false } });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <HydratedRouter />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

main().catch((error) => console.error(error));
