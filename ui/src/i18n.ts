// The app's words in the user's language, from assets/locales/ui/*.json (the same files
// the Rust shell embeds for notifications). No DOM here, so node can test it; the page's
// `lang` attribute is set by `setLanguage` in language.ts. Dates and numbers: format.ts.
import en from "../../assets/locales/ui/en.json";
import ru from "../../assets/locales/ui/ru.json";
import uz from "../../assets/locales/ui/uz.json";
import { LANGUAGES, type Language } from "./ipc/bindings";

export type Catalogue = Record<string, string>;
export type Vars = Record<string, string | number>;

/** The languages the app ships: diary-core's list (generated into ipc/bindings.ts). */
export { LANGUAGES };

/** The words of each language, by key; English is the fallback. Typed by the core's list
 * of languages, so a language without a catalogue does not compile. */
export const CATALOGUES: Record<Language, Catalogue> = { en, ru, uz };

const INTL_LOCALES: Record<Language, string> = { en: "en-GB", ru: "ru-RU", uz: "uz-Latn-UZ" };

let current = "en";

/** Makes `lang` the language of `t` and the formatters (English when it is not one we
 * have) and returns the language chosen. */
export function chooseLanguage(lang: string): string {
  current = Object.hasOwn(CATALOGUES, lang) ? lang : "en";
  return current;
}

export function language(): string {
  return current;
}

/** The Intl locale that writes dates and numbers for `lang` (the current language when
 * left out): "ru" → "ru-RU". */
export function intlLocale(lang: string = current): string {
  return Object.hasOwn(INTL_LOCALES, lang) ? INTL_LOCALES[lang as Language] : "en-GB";
}

function lookup(catalogue: Catalogue | undefined, key: string): string | undefined {
  return catalogue && Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
}

/** The text of `key` in `lang`, else in English, else the key itself, with `{name}`
 * placeholders filled in from `vars`. */
export function translate(catalogues: Record<string, Catalogue>, lang: string, key: string, vars: Vars = {}): string {
  let text = lookup(catalogues[lang], key) ?? lookup(catalogues.en, key) ?? key;
  for (const [name, value] of Object.entries(vars)) {
    text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

/** The text of `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: string, vars: Vars = {}): string {
  return translate(CATALOGUES, current, key, vars);
}

/** `t` for a key built at runtime from a prefix and a vocabulary word. */
export function tk(prefix: string, word: string): string {
  return t(prefix + word);
}
