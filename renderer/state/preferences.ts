import { create } from 'zustand';
import { savedLanguagePreference, setLanguage, type LanguagePreference } from '../i18n';
import { applyTheme, savedTheme, saveTheme, type ThemePreference } from '../theme';

/**
 * UI preferences of this computer (theme, language): kept in localStorage, not in the account,
 * and not reset on sign-out.
 */
interface PreferencesState {
  theme: ThemePreference;
  language: LanguagePreference;
  setTheme: (theme: ThemePreference) => void;
  setLanguage: (language: LanguagePreference) => void;
  /** Re-reads what is saved (start-up, tests). */
  load: () => void;
}

function saved() {
  return { theme: savedTheme(), language: savedLanguagePreference() };
}

export const usePreferences = create<PreferencesState>()((set) => ({
  ...saved(),
  setTheme: (theme) => {
    saveTheme(theme);
    applyTheme(theme);
    set({ theme });
  },
  setLanguage: (language) => {
    void setLanguage(language);
    set({ language });
  },
  load: () => {
    const preferences = saved();
    applyTheme(preferences.theme);
    set(preferences);
  },
}));
