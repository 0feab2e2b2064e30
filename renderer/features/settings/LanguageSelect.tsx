import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, languageFor, setLanguage, type Language } from '../../i18n';

/** Switches the UI language at once and remembers the choice on this computer. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-select">
      <label htmlFor={id} className="visually-hidden">
        {t('settings.language')}
      </label>
      <select
        id={id}
        data-testid="language-select"
        value={languageFor(i18n.language)}
        title={t('settings.language')}
        onChange={(e) => void setLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang}>
            {t(`languages.${lang}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
