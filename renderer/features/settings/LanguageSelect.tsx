import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_PREFERENCES, systemLanguage, type LanguagePreference } from '../../i18n';
import { usePreferences } from '../../state/preferences';

interface LanguageSelectProps {
  testId: string;
  /** Shown above the select (Settings); otherwise the label is for screen readers only. */
  visibleLabel?: boolean;
}

/** Switches the UI language at once (or back to the system's) and remembers the choice on this computer. */
export function LanguageSelect({ testId, visibleLabel = false }: LanguageSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  const language = usePreferences((s) => s.language);
  const setLanguage = usePreferences((s) => s.setLanguage);
  return (
    <div className={visibleLabel ? 'field' : 'language-select'}>
      <label htmlFor={id} className={visibleLabel ? 'field__label' : 'visually-hidden'}>
        {t('settings.language')}
      </label>
      <select
        id={id}
        className={visibleLabel ? 'select' : undefined}
        data-testid={testId}
        value={language}
        onChange={(e) => setLanguage(e.target.value as LanguagePreference)}
      >
        {LANGUAGE_PREFERENCES.map((lang) => (
          <option key={lang} value={lang}>
            {lang === 'system'
              ? t('settings.followSystemLanguage', { language: t(`languages.${systemLanguage()}`) })
              : t(`languages.${lang}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
