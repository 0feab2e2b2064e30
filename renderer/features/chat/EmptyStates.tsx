import { useTranslation } from 'react-i18next';

export function NoConversationSelected() {
  const { t } = useTranslation();
  return (
    <div className="empty-state empty-state--page" data-testid="no-conversation-selected">
      <div className="empty-state__art empty-state__art--chats" aria-hidden="true" />
      <h2 className="empty-state__title">{t('chat.noSelectionTitle')}</h2>
      <p className="empty-state__body">{t('chat.noSelectionBody')}</p>
    </div>
  );
}

export function EmptyConversation({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <div className="empty-state" data-testid="empty-conversation">
      <div className="empty-state__art empty-state__art--wave" aria-hidden="true" />
      <h2 className="empty-state__title">{t('chat.emptyTitle')}</h2>
      <p className="empty-state__body">{t('chat.emptyBody', { name })}</p>
    </div>
  );
}
