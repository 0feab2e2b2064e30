import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { usePreferences } from '../../state/preferences';
import { useUiStore } from '../../state/ui-store';
import { THEME_PREFERENCES, type ThemePreference } from '../../theme';
import { shortcutHint } from '../shortcuts/shortcuts';
import { LanguageSelect } from './LanguageSelect';

/** Preferences of this computer: theme and language, applied at once. */
export function SettingsDialog() {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const openDialog = useUiStore((s) => s.openDialog);
  const theme = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  const themeId = useId();
  const themeHintId = useId();

  return (
    <Dialog
      title={t('settings.title')}
      onClose={close}
      testId="settings-dialog"
      footer={
        <button type="button" className="button button--primary" data-testid="settings-done" onClick={close}>
          {t('settings.done')}
        </button>
      }
    >
      <div className="settings">
        <div className="field">
          <label htmlFor={themeId} className="field__label">
            {t('settings.theme')}
          </label>
          <select
            id={themeId}
            className="select"
            data-testid="settings-theme"
            value={theme}
            aria-describedby={themeHintId}
            onChange={(e) => setTheme(e.target.value as ThemePreference)}
          >
            {THEME_PREFERENCES.map((value) => (
              <option key={value} value={value}>
                {t(`settings.themes.${value}`)}
              </option>
            ))}
          </select>
          <p className="field__hint" id={themeHintId}>
            {t('settings.themeHint')}
          </p>
        </div>
        <LanguageSelect testId="settings-language" visibleLabel />
        <div className="settings__row">
          <span>{t('settings.shortcutsBody')}</span>
          <button type="button" className="link-button" data-testid="settings-shortcuts" onClick={() => openDialog('shortcut-help')}>
            {t('common.withShortcut', { action: t('settings.shortcutsLink'), keys: shortcutHint('shortcutHelp', t) })}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
