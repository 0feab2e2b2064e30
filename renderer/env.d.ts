/// <reference types="vite/client" />
import type { MagpieBridge } from '../shared/ipc';

declare global {
  interface Window {
    /** Provided by the Electron preload or by the browser shell's injected script; absent elsewhere. */
    magpie?: MagpieBridge;
  }
}

export {};
