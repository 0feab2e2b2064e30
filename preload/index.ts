import { contextBridge } from 'electron';
import { createBridge } from './bridge';
import { invokeMain, onMainEvent } from './ipc-renderer';

/** The UI window's preload (out/preload/preload.cjs): exposes `window.magpie` and nothing else. */
contextBridge.exposeInMainWorld('magpie', createBridge({ invoke: invokeMain, on: onMainEvent }));
