import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../shared/ipc';
import { Dialog } from '../../components/Dialog';
import { useHideMessage } from '../../data/messages';
import { translateError } from '../../i18n/errors';

/** "Delete for me" asks first: it removes the message from every device of the user, for good. */
export function HideDialog({ message, onClose }: { message: TimelineMessage; onClose: () => void }) {
  const { t } = useTranslation();
  const hide = useHideMessage();
  return (
    <Dialog
      title={t('messageActions.hideTitle')}
      onClose={onClose}
      testId="hide-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button--danger"
            data-testid="hide-confirm"
            disabled={hide.isPending || message.id === null}
            onClick={() => hide.mutate({ conversationId: message.conversationId, messageId: message.id! }, { onSuccess: onClose })}
          >
            {t('messageActions.hideConfirm')}
          </button>
        </>
      }
    >
      <p>{t('messageActions.hideBody')}</p>
      {hide.isError && (
        <p className="form-error" role="alert">
          {translateError(t, hide.error)}
        </p>
      )}
    </Dialog>
  );
}
