import { bridge } from './install';

/**
 * What the Node side drives through `page.evaluate`: opening a conversation the way a user does
 * (a click on its row in the list) and scrolling its message list, timed with requestAnimationFrame.
 * Only the DOM the app renders is read (test ids, data-seq); nothing in the app is patched.
 */

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chatList(conversationId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="chat-view"][data-conversation-id="${conversationId}"] [data-testid="message-list"]`);
}

/** The message `seq` is rendered and wholly inside the list's viewport. */
function visible(conversationId: string, seq: number): boolean {
  const list = chatList(conversationId);
  const row = list?.querySelector(`[data-testid="message"][data-seq="${seq}"]`);
  if (!list || !row) return false;
  const outer = list.getBoundingClientRect();
  const inner = row.getBoundingClientRect();
  return inner.height > 0 && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
}

interface ScrollRun {
  conversationId: string;
  frames: number[];
  /** Messages loaded when each frame started: frame times against the size of the list. */
  loadedAt: number[];
  started: number;
  stop: boolean;
  done: boolean;
  /** Frames that found the list at its top with older messages still to come: the reader waits. */
  stalled: number;
}

let run: ScrollRun | null = null;
const longTasks: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
}).observe({ type: 'longtask', buffered: false });

const bench = {
  world: () => bridge.world,

  async ready(): Promise<void> {
    while (document.querySelectorAll('[data-testid="conversation-item"]').length < bridge.world.conversations.length) await sleep(10);
    await nextFrame();
    await nextFrame();
  },

  /**
   * Clicks the conversation in the list and resolves with the ms until its newest message is on
   * screen and painted: the first frame that shows it, then two more rAFs (the second runs after
   * that frame's paint).
   */
  async open(conversationId: string, lastSeq: number, timeoutMs = 20_000): Promise<number> {
    const item = document.querySelector<HTMLElement>(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
    if (!item) throw new Error(`no ${conversationId} in the conversation list`);
    const started = performance.now();
    item.click();
    while (!visible(conversationId, lastSeq)) {
      await nextFrame();
      if (performance.now() - started > timeoutMs) throw new Error(`message ${lastSeq} of ${conversationId} not shown after ${timeoutMs} ms`);
    }
    await nextFrame();
    await nextFrame();
    return performance.now() - started;
  },

  /** rAF deltas of a page doing nothing: what the machine's frame clock gives at best. */
  async idleFrames(ms: number): Promise<number[]> {
    const frames: number[] = [];
    let last = await nextFrame();
    const end = last + ms;
    while (last < end) {
      const now = await nextFrame();
      frames.push(now - last);
      last = now;
    }
    return frames;
  },

  /**
   * Scrolls the open conversation up by `stepPx` every frame, as a reader flicking up through
   * history does; the list loads older pages itself when the top comes near. Runs until `stopScroll`
   * or until the beginning of the conversation is on screen.
   */
  startScroll(conversationId: string, stepPx: number): void {
    const list = chatList(conversationId);
    if (!list) throw new Error(`${conversationId} is not open`);
    const state: ScrollRun = { conversationId, frames: [], loadedAt: [], started: performance.now(), stop: false, done: false, stalled: 0 };
    run = state;
    longTasks.length = 0;
    const total = bridge.world.big.id === conversationId ? bridge.world.big.count : bridge.world.small.count;
    let last = 0;
    const frame = (now: number) => {
      if (last > 0) {
        state.frames.push(now - last);
        state.loadedAt.push(bridge.loaded(conversationId));
      }
      last = now;
      if (state.stop) return;
      if (list.scrollTop <= 0 && bridge.loaded(conversationId) >= total) {
        state.done = true;
        return;
      }
      if (list.scrollTop <= 0) state.stalled++;
      list.scrollTop = Math.max(0, list.scrollTop - stepPx);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  },

  scrollStatus() {
    if (!run) throw new Error('no scroll running');
    const list = chatList(run.conversationId);
    return {
      elapsedMs: performance.now() - run.started,
      frames: run.frames.length,
      loaded: bridge.loaded(run.conversationId),
      domRows: list?.querySelectorAll('[data-testid="message"]').length ?? 0,
      done: run.done,
      stalled: run.stalled,
      scrollTop: list?.scrollTop ?? 0,
      scrollHeight: list?.scrollHeight ?? 0,
    };
  },

  async stopScroll() {
    if (!run) throw new Error('no scroll running');
    run.stop = true;
    await nextFrame();
    await nextFrame();
    const status = bench.scrollStatus();
    const result = { ...status, frameMs: run.frames, loadedAt: run.loadedAt, longTaskMs: [...longTasks], elements: document.getElementsByTagName('*').length };
    run = null;
    return result;
  },

  violations: () => [...bridge.violations],
  calls: () => Object.fromEntries(bridge.calls),
};

export type RendererBench = typeof bench;
(window as unknown as { rendererBench: RendererBench }).rendererBench = bench;
