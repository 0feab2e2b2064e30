import type { TFunction } from 'i18next';
import { isMagpieError } from '../../shared/errors';

/** A person-readable, translated sentence for anything thrown: `errors.<code>` or a generic one. */
export function translateError(t: TFunction, error: unknown): string {
  if (isMagpieError(error)) {
    return t(`errors.${error.code}`, { defaultValue: t('errors.generic') });
  }
  return t('errors.generic');
}
