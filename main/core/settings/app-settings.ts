import { AppSettingsSchema, DEFAULT_APP_SETTINGS, type AppSettings, type InvokeRequest } from '../../../shared/ipc';
import type { CoreEvents } from '../events';
import { SerialQueue } from '../serial-queue';
import type { SettingsStorage } from './settings-storage';

export type AppSettingsPatch = InvokeRequest<'settings.update'>;

/**
 * What the host does when a setting reaches outside the app (start at login). It runs before the
 * change is saved: if it throws, nothing is saved and the caller gets the error.
 */
export type ApplySettings = (next: AppSettings, previous: AppSettings) => Promise<void>;

export interface AppSettingsDeps {
  storage: SettingsStorage;
  events: CoreEvents;
  apply?: ApplySettings;
  log: (message: string, detail?: unknown) => void;
}

/**
 * This computer's app settings (notifications, start at login, close to tray): loaded once,
 * changed one update at a time, saved before anyone hears of the change.
 */
export class AppSettingsService {
  private current: AppSettings | null = null;
  private loading: Promise<AppSettings> | null = null;
  private readonly updates = new SerialQueue();

  constructor(private readonly deps: AppSettingsDeps) {}

  get(): Promise<AppSettings> {
    if (this.current) return Promise.resolve(this.current);
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The settings if already loaded: for decisions that cannot wait (a notification to show). */
  peek(): AppSettings | null {
    return this.current;
  }

  update(patch: AppSettingsPatch): Promise<AppSettings> {
    return this.updates.run(async () => {
      const previous = await this.get();
      const next = AppSettingsSchema.parse({
        ...previous,
        ...definedOnly({ startAtLogin: patch.startAtLogin, closeToTray: patch.closeToTray }),
        notifications: { ...previous.notifications, ...definedOnly(patch.notifications ?? {}) },
      });
      if (sameSettings(previous, next)) return previous;
      await this.deps.apply?.(next, previous);
      try {
        await this.deps.storage.save(next);
      } catch (error) {
        // Undo what the OS was told, so it and the saved settings keep agreeing.
        await this.deps.apply?.(previous, next).catch((undo) => this.deps.log('could not undo a settings change', undo));
        throw error;
      }
      this.current = next;
      this.deps.events.emit('settings.changed', next);
      return next;
    });
  }

  private async load(): Promise<AppSettings> {
    let raw: unknown = null;
    try {
      raw = await this.deps.storage.load();
    } catch (error) {
      this.deps.log('could not read the settings; using the defaults', error);
    }
    const { settings, damaged } = salvageSettings(raw);
    if (damaged) await this.deps.storage.keepAside?.('has values this version cannot use');
    this.current ??= settings;
    return this.current;
  }
}

/**
 * Keeps every saved value that is still valid and defaults the rest, so one bad field (an older
 * or newer version's, or a hand edit) does not cost the user their other choices.
 */
export function salvageSettings(raw: unknown): { settings: AppSettings; damaged: boolean } {
  if (raw === null || raw === undefined) return { settings: structuredClone(DEFAULT_APP_SETTINGS), damaged: false };
  const whole = AppSettingsSchema.safeParse(raw);
  if (whole.success) return { settings: whole.data, damaged: false };
  const source = isRecord(raw) ? raw : {};
  const notificationsSource = isRecord(source.notifications) ? source.notifications : {};
  const shape = AppSettingsSchema.shape;
  const notificationShape = shape.notifications.shape;
  const pick = <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, value: unknown, fallback: T): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  };
  const defaults = DEFAULT_APP_SETTINGS;
  const settings: AppSettings = {
    notifications: {
      enabled: pick(notificationShape.enabled, notificationsSource.enabled, defaults.notifications.enabled),
      sound: pick(notificationShape.sound, notificationsSource.sound, defaults.notifications.sound),
      mode: pick(notificationShape.mode, notificationsSource.mode, defaults.notifications.mode),
      dndUntil: pick(notificationShape.dndUntil, notificationsSource.dndUntil, defaults.notifications.dndUntil),
    },
    startAtLogin: pick(shape.startAtLogin, source.startAtLogin, defaults.startAtLogin),
    closeToTray: pick(shape.closeToTray, source.closeToTray, defaults.closeToTray),
  };
  return { settings, damaged: true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sameSettings(a: AppSettings, b: AppSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
