// The app's words in the user's language, from assets/locales/ui/*.json (the same files
// the Rust shell embeds for notifications). No DOM here, so node can test it; the page's
// `lang` attribute is set by `setLanguage` in language.ts. Dates and numbers: format.ts.
import en from "../../assets/locales/ui/en.json";
import ru from "../../assets/locales/ui/ru.json";
import uz from "../../assets/locales/ui/uz.json";
import { LANGUAGES, type Language } from "./ipc/bindings";

export type Catalogue = Record<string, string>;
export type Vars = Record<string, string | number>;

/** A key of the English catalogue (assets/locales/ui/en.json): `t` with any other key is a
 * `tsc` error. A key built from a vocabulary word, `` t(`level.${level}.title`) ``, is
 * checked for every word of the word's type. */
export type Key = keyof typeof en;

/** The rest of each key that starts with `P`: `WordOf<"rating.">` is every rating with
 * words. */
export type WordOf<P extends string> = RestOf<Key, P>;
type RestOf<K, P extends string> = K extends `${P}${infer Word}` ? Word : never;

/** A prefix that starts keys: what `tk` takes ("rating.", "level.name."). */
export type Prefix = `${string}.`;

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
export function t(key: Key, vars: Vars = {}): string {
  return translate(CATALOGUES, current, key, vars);
}

/** `t` for a key built from a prefix and a vocabulary word: `tk("rating.", item)` compiles
 * only when every word `item` can be has a key. */
export function tk<P extends Prefix>(prefix: P, word: WordOf<P>): string {
  return t(`${prefix}${word}` as Key);
}

/** Whether `key` is in the English catalogue: for a key made from data the type system
 * cannot see (an error code a newer core may send, a field path). */
export function isKey(key: string): key is Key {
  return Object.hasOwn(en, key);
}

/** The text of `key` when the catalogue has it, else the text of `fallback`: for a code
 * the window may have no words of its own for (a Rust test checks that every core error
 * code has its `error.code.*` words). */
export function tOr(key: string, fallback: Key, vars: Vars = {}): string {
  return t(isKey(key) ? key : fallback, vars);
}
