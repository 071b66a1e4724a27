// Text size: Ctrl+= / Ctrl+- / Ctrl+0 make all text larger, smaller or the default, and the
// choice is remembered on this computer. Everything is sized in rem, so the whole screen
// (charts included) follows one number: the root font size. The steps here are pure (no
// DOM) so node tests them; main.ts applies them to the page.

/** The sizes offered, as multiples of the default (125 % of the browser's 16 px). */
export const TEXT_STEPS = [0.8, 0.9, 1, 1.2, 1.4, 1.6, 2, 2.5] as const;

/** Where the choice is kept (the web view's local storage). */
export const TEXT_SIZE_KEY = "symptom-diary.text-size";

/** The step a key asks for from `current`: larger, smaller, or the default; `null` when
 * the key is not one of ours. Past the ends it stays at the end. */
export function nextTextSize(current: number, key: string): number | null {
  const at = TEXT_STEPS.findIndex((step) => step >= current);
  const here = at === -1 ? TEXT_STEPS.length - 1 : at;
  switch (key) {
    case "=":
    case "+":
      return TEXT_STEPS[Math.min(here + 1, TEXT_STEPS.length - 1)];
    case "-":
    case "_":
      return TEXT_STEPS[Math.max(here - 1, 0)];
    case "0":
      return 1;
    default:
      return null;
  }
}

/** The saved size, or the default when none (or nonsense) is saved. */
export function savedTextSize(storage: { getItem(key: string): string | null } | undefined): number {
  const value = Number(storage?.getItem(TEXT_SIZE_KEY));
  return (TEXT_STEPS as readonly number[]).includes(value) ? value : 1;
}
