/** The languages the merchant can pick for answers and greetings (the widget ships UI strings for each). */
export const LANGUAGES: [code: string, name: string][] = [
  ["en", "English"],
  ["es", "Spanish"],
  ["pt", "Portuguese"],
  ["fr", "French"],
  ["de", "German"],
  ["zh", "Chinese"],
  ["ja", "Japanese"],
  ["ar", "Arabic"],
];
