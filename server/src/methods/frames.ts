import { LIMITS } from '../../../shared/limits';

/**
 * Room for a reply's content in one frame. A page of 500 long Chinese messages is megabytes, far
 * past `maxFrameBytes`, so pages are cut by size too (with `hasMore`); the slack covers the envelope.
 */
export const FRAME_BUDGET = LIMITS.maxFrameBytes - 8 * 1024;

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** The longest prefix of `items` that fits in `budget` bytes of JSON (never empty if any). */
export function fitToBytes<T>(items: T[], budget: number): T[] {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += jsonBytes(items[i]) + 1;
    if (used > budget && i > 0) return items.slice(0, i);
  }
  return items;
}
