// While a care team console screen is open, the app looks for new reds once a minute
// (the Rust side shows the desktop notification and keeps where the last look stopped).
// Only one look runs at a time; leaving the console stops it (main.ts stops it before
// every screen change). A failed look says nothing here: the lists show the server's
// trouble when they are read.
import { api } from "../ipc";

const EVERY_MS = 60_000;
let timer: number | null = null;
let lookOnce: (() => Promise<number>) | null = null;

/** Starts looking; `arrived` gets the number of new reds when there are any. The first
 * look only marks where to start. */
export function startWatch(arrived: (count: number) => void): void {
  stopWatch();
  let busy = false;
  const look = async (): Promise<number> => {
    if (busy) return 0;
    busy = true;
    try {
      const seen = await api.careTeamWatch();
      if (seen.newReds > 0) arrived(seen.newReds);
      return seen.newReds;
    } catch {
      // The screen's own lists report the server's trouble.
      return 0;
    } finally {
      busy = false;
    }
  };
  lookOnce = look;
  void look();
  timer = window.setInterval(() => void look(), EVERY_MS);
}

/** One look now ("Check again"), when the console is open: how many new reds it found
 * (`arrived` was told of them). */
export async function lookNow(): Promise<number> {
  return lookOnce ? lookOnce() : 0;
}

export function stopWatch(): void {
  if (timer !== null) window.clearInterval(timer);
  timer = null;
  lookOnce = null;
}
