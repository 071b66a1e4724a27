// The one place the language touches the page: it picks the language for `t` and the
// formatters (i18n.ts, which has no DOM) and sets <html lang> to match.
import { chooseLanguage } from "./i18n";

export function setLanguage(lang: string): void {
  document.documentElement.lang = chooseLanguage(lang);
}
