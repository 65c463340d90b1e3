import { SHIPPED_LANGUAGES } from "../../workers/wire/widget-texts";

const NAMES = new Intl.DisplayNames(["en"], { type: "language" });

/** The languages the merchant can pick for answers and greetings (the widget ships UI strings for each). */
export const LANGUAGES: [code: string, name: string][] = SHIPPED_LANGUAGES.map((code) => [
  code,
  NAMES.of(code) ?? code,
]);
