import { WorkspaceSection } from './WorkspaceSection';
import { InviteSection } from './InviteSection';
import { AuditLog } from './AuditLog';

/** Workspace administration (shown to workspace admins only; the server checks it too). */
export function AdminSection() {
  return (
    <>
      <WorkspaceSection />
      <InviteSection />
      <AuditLog />
    </>
  );
}
