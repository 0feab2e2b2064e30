import path from 'node:path';
import type { AppContentRoots } from './content-files';

/**
 * Where the build (scripts/build.mjs) puts each piece, relative to the app root: the project
 * folder in development, `resources/app.asar` when packaged (`app.getAppPath()` either way).
 */
export interface AppPaths extends AppContentRoots {
  preload: string;
  cacheHostPreload: string;
}

export function appPaths(appRoot: string): AppPaths {
  const out = path.join(appRoot, 'out');
  return {
    renderer: path.join(out, 'renderer'),
    cacheHost: path.join(out, 'cache-host'),
    preload: path.join(out, 'preload', 'preload.cjs'),
    cacheHostPreload: path.join(out, 'preload', 'cache-host.cjs'),
  };
}
