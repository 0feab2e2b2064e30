import type { App } from 'electron';
import type { EventPayload } from '../../shared/ipc';
import { IdSchema } from '../../shared/protocol';

/**
 * `magpie://conversation/<id>` links (from a browser, a chat, a notification of another app)
 * open that conversation. Anything else arriving on the scheme is ignored and logged: the link
 * comes from outside and decides nothing but which conversation to select.
 */

export const DEEP_LINK_SCHEME = 'magpie';
export type DeepLinkTarget = EventPayload<'app.navigate'>;

const MAX_LINK_CHARS = 2048;

export function parseDeepLink(raw: unknown): DeepLinkTarget | null {
  if (typeof raw !== 'string' || raw.length > MAX_LINK_CHARS) return null;
  // The URL parser would quietly drop tabs, line breaks and edge spaces; a link with any is not ours.
  if (/[\u0000-\u0020\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  if (url.username || url.password || url.port || url.hash) return null;
  if (url.hostname.toLowerCase() !== 'conversation') return null;
  // One segment, a trailing slash allowed (Windows shells add one). No decoding: ids have no %.
  const segments = url.pathname.split('/').slice(1);
  if (segments.length === 2 && segments[1] === '') segments.pop();
  if (segments.length !== 1) return null;
  const id = IdSchema.safeParse(segments[0]);
  if (!id.success) return null;
  const params = [...url.searchParams.keys()];
  if (params.some((key) => key !== 'seq') || params.length > 1) return null;
  const seqText = url.searchParams.get('seq');
  if (seqText === null) return { conversationId: id.data };
  const seq = Number(seqText);
  if (!/^[1-9]\d{0,15}$/.test(seqText) || !Number.isSafeInteger(seq)) return null;
  return { conversationId: id.data, seq };
}

/** The link among a launch's arguments (Windows and Linux pass it on the command line). */
export function findDeepLink(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

/**
 * Makes Magpie the handler of magpie:// links. In development Electron runs our script, so the
 * OS must be told to pass it along; packaged, the installer's registration (electron-builder
 * `protocols`) already does this and the call refreshes it.
 */
export function registerProtocolClient(app: Pick<App, 'setAsDefaultProtocolClient'>, proc: Pick<NodeJS.Process, 'defaultApp' | 'argv' | 'execPath'>, resolve: (p: string) => string): boolean {
  if (proc.defaultApp && proc.argv[1]) return app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, proc.execPath, [resolve(proc.argv[1])]);
  return app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
}

/**
 * Links can arrive before the app is ready to open anything (macOS `open-url` before `ready`, a
 * cold start's argv); they wait here until `attach`.
 */
export class DeepLinkRouter {
  private open: ((target: DeepLinkTarget) => void) | null = null;
  private pending: DeepLinkTarget | null = null;

  constructor(private readonly log: (message: string) => void) {}

  deliver(raw: unknown): boolean {
    const target = parseDeepLink(raw);
    if (!target) {
      this.log(`ignored a ${DEEP_LINK_SCHEME}:// link that is not a conversation link: ${describe(raw)}`);
      return false;
    }
    if (this.open) this.open(target);
    else this.pending = target; // Only the latest matters: it is where the user wants to be.
    return true;
  }

  attach(open: (target: DeepLinkTarget) => void): void {
    this.open = open;
    const pending = this.pending;
    this.pending = null;
    if (pending) open(pending);
  }
}

/** Enough of a rejected link to debug, never a whole hostile string in the log. */
function describe(raw: unknown): string {
  if (typeof raw !== 'string') return typeof raw;
  const printable = raw.slice(0, 80).replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(raw.length > 80 ? `${printable}…` : printable);
}
