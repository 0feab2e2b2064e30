import { useUserEvents } from '../../data/account';
import { useAppSettingsEvents } from '../../data/app-settings';
import { useAppNavigation } from '../../data/navigation';
import { usePresenceEvents } from '../../data/presence';

/** The bridge events only the signed-in layout needs: presence, typing, profiles, settings, navigation. */
export function useSignedInEvents(): void {
  usePresenceEvents();
  useUserEvents();
  useAppSettingsEvents();
  useAppNavigation();
}
