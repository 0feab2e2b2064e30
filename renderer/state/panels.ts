import { create } from 'zustand';

export type SettingsSection = 'general' | 'notifications' | 'account' | 'admin';

/**
 * The side panels beside the chat and which Settings section is open. Panels stay as they were
 * when switching conversations (Slack keeps its details pane open the same way).
 */
interface PanelsState {
  groupPanelOpen: boolean;
  pluginPanelOpen: boolean;
  settingsSection: SettingsSection;
  toggleGroupPanel: (open?: boolean) => void;
  togglePluginPanel: (open?: boolean) => void;
  showSettingsSection: (section: SettingsSection) => void;
  reset: () => void;
}

const initial = { groupPanelOpen: false, pluginPanelOpen: false, settingsSection: 'general' as SettingsSection };

export const usePanels = create<PanelsState>()((set) => ({
  ...initial,
  toggleGroupPanel: (open) => set((s) => ({ groupPanelOpen: open ?? !s.groupPanelOpen })),
  togglePluginPanel: (open) => set((s) => ({ pluginPanelOpen: open ?? !s.pluginPanelOpen })),
  showSettingsSection: (settingsSection) => set({ settingsSection }),
  reset: () => set(initial),
}));
