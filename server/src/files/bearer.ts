import type { IncomingHttpHeaders } from 'node:http';
import { MagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { hashSessionToken } from '../auth/session-tokens';
import type { ServerConfig } from '../config';
import { idleSince } from '../methods/auth';
import type { Store } from '../store/store';

/** Longer than any token we issue (43 characters); bounds the work a hostile header causes. */
const MAX_TOKEN_CHARS = 256;

/**
 * The user behind `Authorization: Bearer <session token>`: the same session lookup as
 * `auth.resume`, so a signed-out, revoked or expired session is refused here too.
 */
export async function bearerUser(store: Store, headers: IncomingHttpHeaders, config: Pick<ServerConfig, 'sessionIdleDays'>): Promise<User> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!match) throw new MagpieError('auth.required', 'Send Authorization: Bearer <session token>');
  const token = match[1]!;
  const found = token.length <= MAX_TOKEN_CHARS ? await store.resumeSession(hashSessionToken(token), idleSince({ config })) : null;
  const user = found?.user;
  if (!user) throw new MagpieError('auth.session_invalid', 'This session has ended; sign in again');
  return user;
}
