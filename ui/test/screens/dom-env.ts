//! A browser's globals for the screen tests: happy-dom's `Window` as `window`, its
//! `document`, and the DOM classes the screens name (`instanceof Node`, `HTMLInputElement`),
//! so that a screen renders under `node --test` with neither a webview nor Tauri. Import it
//! first: the screens reach for `document` when they render.
import { Window } from "happy-dom";

const win = new Window({ url: "http://localhost/", width: 1024, height: 800 });
const names = [
  "window",
  "document",
  "navigator",
  "localStorage",
  "getComputedStyle",
  "Node",
  "Element",
  "HTMLElement",
  "HTMLInputElement",
  "HTMLFormElement",
  "HTMLButtonElement",
  "HTMLHeadingElement",
  "SVGElement",
  "Event",
  "KeyboardEvent",
  "MouseEvent",
] as const;
const source = win as unknown as Record<string, unknown>;
for (const name of names) {
  const value = name === "window" ? win : source[name];
  if (value === undefined) throw new Error(`happy-dom has no ${name}`);
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

/** Empties the page between tests. */
export function clearPage(): void {
  document.body.replaceChildren();
}

/** Lets the promises the screen started settle (its `api` calls are mocked, so one turn
 * of the event loop is enough). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
