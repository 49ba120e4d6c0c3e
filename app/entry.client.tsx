import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { HydratedRouter } from "react-router/dom";

import { supportedLanguage, translationsFor } from "./i18n/client-resources";

async function main() {
  const lng = supportedLanguage(document.documentElement.lang);
  // Every UI locale is complete (typed against English), so no English fallback bundle is needed.
  const resources = { [lng]: { translation: await translationsFor(lng) } };
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
