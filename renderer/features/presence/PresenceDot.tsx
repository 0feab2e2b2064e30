import { useTranslation } from 'react-i18next';
import type { Presence } from '../../../shared/protocol/entities';

/**
 * A dot on an avatar's corner; the state is also said in words for screen readers, since colour
 * alone carries nothing to them.
 */
export function PresenceDot({ presence }: { presence: Presence }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`presence-dot presence-dot--${presence}`} data-testid="presence-dot" data-presence={presence} aria-hidden="true" />
      <span className="visually-hidden">{t(`presence.${presence}`)}</span>
    </>
  );
}
