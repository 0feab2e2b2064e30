import { MagpieError } from '../../../shared/errors';
import type { WorkspaceSettings } from '../../../shared/protocol';
import type { ServerConfig } from '../config';
import { hashInviteCode, newInviteCode } from '../auth/invite-codes';
import { newId } from '../ids';
import type { MethodHandlers, RequestContext } from './context';
import { sessionOf } from './context';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The settings a new workspace starts with: MAGPIE_SIGNUP and MAGPIE_RECALL_WINDOW_MS
 * (`store.initWorkspaceSettings` at every start applies them only while nobody has signed up).
 */
export function initialWorkspaceSettings(config: ServerConfig): WorkspaceSettings {
  return { signup: config.signup, recallWindowMs: config.recallWindowMs };
}

/**
 * The caller, if they are a workspace admin. Read from the store on every call, not from the
 * session's copy of the user, so the answer is never older than the request.
 */
async function adminOf(ctx: RequestContext): Promise<{ id: string }> {
  const { user } = sessionOf(ctx);
  const current = await ctx.store.findUserById(user.id);
  if (!current?.isAdmin) throw new MagpieError('auth.admin_required', 'Only a workspace admin may do this');
  return current;
}

/** "signup: open → invite; recallWindowMs: 120000 → 300000" for the fields that changed. */
function describeChanges(before: WorkspaceSettings, after: WorkspaceSettings): string {
  return (Object.keys(after) as Array<keyof WorkspaceSettings>)
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key}: ${before[key]} → ${after[key]}`)
    .join('; ');
}

export const adminHandlers: Pick<MethodHandlers, 'admin.settings.get' | 'admin.settings.update' | 'admin.invites.create' | 'admin.audit.list'> = {
  async 'admin.settings.get'(_params, ctx) {
    await adminOf(ctx);
    return { settings: await ctx.store.getWorkspaceSettings() };
  },

  async 'admin.settings.update'(params, ctx) {
    const admin = await adminOf(ctx);
    const before = await ctx.store.getWorkspaceSettings();
    const settings = await ctx.store.updateWorkspaceSettings(params);
    const changes = describeChanges(before, settings);
    if (changes) await ctx.audit({ actorId: admin.id, action: 'workspace.settings', targetId: null, detail: changes });
    return { settings };
  },

  async 'admin.invites.create'(params, ctx) {
    const admin = await adminOf(ctx);
    const code = newInviteCode();
    const id = newId();
    const expiresAt = Date.now() + params.expiresInHours * HOUR_MS;
    await ctx.store.createInvite({ id, codeHash: hashInviteCode(code), createdBy: admin.id, expiresAt });
    // The invite's id, never its code: the log is read by every admin.
    await ctx.audit({ actorId: admin.id, action: 'invite.create', targetId: id, detail: `expires ${new Date(expiresAt).toISOString()}` });
    return { code, expiresAt };
  },

  async 'admin.audit.list'(params, ctx) {
    await adminOf(ctx);
    return ctx.store.listAudit(params.before, params.limit);
  },
};
