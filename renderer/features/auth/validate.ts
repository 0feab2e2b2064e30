import { INVOKE_CHANNELS } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import type { AuthRequest } from '../../data/session';

export type AuthMode = 'signIn' | 'signUp';
export type AuthField = 'username' | 'password' | 'displayName' | 'serverUrl' | 'inviteCode';

export interface AuthForm {
  username: string;
  password: string;
  displayName: string;
  serverUrl: string;
  /** Sign-up only, optional: workspaces with invite-only sign-up need one. */
  inviteCode: string;
}

/** A problem with one field: the i18n key of its message, and the values the message needs. */
export interface FieldProblem {
  field: AuthField;
  key: string;
  values?: Record<string, number>;
}

const USERNAME_CHARS = /^[a-z0-9._-]+$/;

function problem(field: AuthField, key: string, values?: Record<string, number>): FieldProblem {
  return values ? { field, key: `auth.validation.${key}`, values } : { field, key: `auth.validation.${key}` };
}

/**
 * Checks the form before anything is sent, with messages a person can act on; the contract's own
 * schema is the last word, so the request can never be one main would reject as malformed.
 */
export function validateAuthForm(mode: AuthMode, form: AuthForm): { ok: true; auth: AuthRequest } | { ok: false; problem: FieldProblem } {
  const username = form.username.trim().toLowerCase();
  const serverUrl = form.serverUrl.trim();
  const signUp = mode === 'signUp';

  if (username.length === 0) return { ok: false, problem: problem('username', 'usernameRequired') };
  if (username.length > LIMITS.maxUsernameChars)
    return { ok: false, problem: problem('username', 'usernameTooLong', { max: LIMITS.maxUsernameChars }) };
  if (signUp && username.length < 2) return { ok: false, problem: problem('username', 'usernameTooShort', { min: 2 }) };
  if (signUp && !USERNAME_CHARS.test(username)) return { ok: false, problem: problem('username', 'usernameChars') };

  if (form.password.length === 0) return { ok: false, problem: problem('password', 'passwordRequired') };
  if (form.password.length > LIMITS.maxPasswordChars)
    return { ok: false, problem: problem('password', 'passwordTooLong', { max: LIMITS.maxPasswordChars }) };
  if (signUp && form.password.length < LIMITS.minPasswordChars)
    return { ok: false, problem: problem('password', 'passwordTooShort', { min: LIMITS.minPasswordChars }) };

  if (signUp) {
    const displayName = form.displayName.trim();
    if (displayName.length === 0) return { ok: false, problem: problem('displayName', 'displayNameRequired') };
    if (displayName.length > LIMITS.maxDisplayNameChars)
      return { ok: false, problem: problem('displayName', 'displayNameTooLong', { max: LIMITS.maxDisplayNameChars }) };
  }

  const base = { username, password: form.password, ...(serverUrl ? { serverUrl } : {}) };
  if (signUp) {
    const inviteCode = form.inviteCode.trim();
    const request = { ...base, displayName: form.displayName.trim(), ...(inviteCode ? { inviteCode } : {}) };
    const parsed = INVOKE_CHANNELS['session.signUp'].request.safeParse(request);
    if (!parsed.success) return { ok: false, problem: firstProblem(parsed.error.issues) };
    return { ok: true, auth: { mode: 'signUp', request } };
  }
  const parsed = INVOKE_CHANNELS['session.signIn'].request.safeParse(base);
  if (!parsed.success) return { ok: false, problem: firstProblem(parsed.error.issues) };
  return { ok: true, auth: { mode: 'signIn', request: base } };
}

function firstProblem(issues: ReadonlyArray<{ path: PropertyKey[] }>): FieldProblem {
  const field = issues[0]?.path[0];
  if (field === 'serverUrl') return problem('serverUrl', 'serverUrlInvalid');
  if (field === 'username') return problem('username', 'usernameChars');
  if (field === 'displayName') return problem('displayName', 'displayNameRequired');
  if (field === 'inviteCode') return { field: 'inviteCode', key: 'errors.auth.invite_invalid' };
  return { field: 'username', key: 'errors.validation.invalid' };
}
