import '../../styles/panels.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { usePanels } from '../../state/panels';

/**
 * A group's announcement at the top of its chat (mounted by ChatView). Long ones show two lines
 * until expanded; "Details" opens the group panel, where admins edit it.
 */
export function AnnouncementBanner({ conversation }: { conversation: ConversationSummary }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const openPanel = usePanels((s) => s.toggleGroupPanel);
  const text = conversation.announcement.trim();
  if (conversation.kind !== 'group' || !text) return null;
  const long = text.length > 140 || text.includes('\n');
  return (
    <section className="announcement-banner" data-testid="announcement-banner" aria-label={t('announcement.label')}>
      <span className="icon icon--megaphone announcement-banner__icon" aria-hidden="true" />
      <p className={`announcement-banner__text${expanded ? '' : ' announcement-banner__text--clamped'}`} data-testid="announcement-text">
        {text}
      </p>
      <div className="announcement-banner__actions">
        {long && (
          <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
            {t(expanded ? 'announcement.less' : 'announcement.more')}
          </button>
        )}
        <button type="button" className="link-button" onClick={() => openPanel(true)}>
          {t('announcement.details')}
        </button>
      </div>
    </section>
  );
}
