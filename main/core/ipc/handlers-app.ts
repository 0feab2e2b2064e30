import { MagpieError } from '../../../shared/errors';
import type { OsIntegration } from '../host';
import type { Notifier } from '../notifications/notifier';
import type { AppSettingsService } from '../settings/app-settings';
import type { HandlerModule } from './handlers';

export interface AppHandlerDeps {
  appSettings: AppSettingsService;
  notifier: Notifier;
  os: OsIntegration | undefined;
}

/** This computer's app settings and the app's place on the desktop; none needs a sign-in. */
export function appHandlers(deps: AppHandlerDeps): HandlerModule<'settings.get' | 'settings.update' | 'app.setView' | 'app.openExternal'> {
  return {
    'settings.get': () => deps.appSettings.get(),
    'settings.update': (patch) => deps.appSettings.update(patch),
    'app.setView': async (view) => {
      deps.notifier.setView(view);
      return {};
    },
    'app.openExternal': async ({ url }) => {
      // The schema checked the text; the parsed URL is what the browser would open.
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new MagpieError('ipc.invalid_request', 'url: http(s) only');
      }
      if (!deps.os) throw new MagpieError('app.unsupported', 'This shell opens links in the page');
      await deps.os.openExternal(parsed.toString());
      return {};
    },
  };
}
