import type { User } from '../../../shared/protocol/entities';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';

/** The account, on every device: profile, password, and the devices signed in to it. */
export function AccountSection({ me }: { me: User }) {
  return (
    <>
      <ProfileSection me={me} />
      <PasswordSection />
      <SessionsSection />
    </>
  );
}
