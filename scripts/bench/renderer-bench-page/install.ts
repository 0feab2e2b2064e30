import { BenchBridge } from './bench-bridge';

/** Runs before the renderer's main module (page.ts imports it first): the app finds its bridge. */
const messages = Number(new URLSearchParams(window.location.search).get('messages') ?? 100_000);
export const bridge = new BenchBridge(messages);
window.magpie = bridge;
