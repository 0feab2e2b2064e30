import { MagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import type { SessionManager } from '../session/session-manager';

/** The signed-in user, or `auth.required`: every channel past sign-in starts with this. */
export function signedIn(session: SessionManager): User {
  const user = session.user;
  if (!user) throw new MagpieError('auth.required', 'Not signed in');
  return user;
}
