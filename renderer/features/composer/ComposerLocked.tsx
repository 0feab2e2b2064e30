import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../shared/protocol/entities';

/** In place of the composer where the user may not write, saying why (the server would refuse). */
export function ComposerLocked({ conversation, meId }: { conversation: Pick<Conversation, 'state' | 'members' | 'kind' | 'allMuted'>; meId: string }) {
  const { t } = useTranslation();
  const me = conversation.members.find((m) => m.id === meId);
  let reason: string;
  if (conversation.state === 'dissolved') reason = t('composerExtras.lockedDissolved');
  else if (conversation.state === 'left' || !me) reason = t('composerExtras.lockedLeft');
  else if (me.muted) reason = t('composerExtras.lockedMuted');
  else reason = t('composerExtras.lockedAllMuted');
  return (
    <div className="composer composer--locked" data-testid="composer-locked" role="status">
      {reason}
    </div>
  );
}
