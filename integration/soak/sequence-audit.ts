import type { Message } from '../../shared/protocol';
import type { Violation } from './audit-types';

/**
 * Checks one timeline as listed (server log or cache): seqs strictly ascending, no seq or clientId
 * twice, no holes between 1 and the highest seq. `lastSeq`, when given, is the conversation
 * record's claim of the newest seq: a log that stops short of it has a gap at the end.
 */
export function auditSequence(
  messages: readonly Message[],
  at: { conversation: string; where: string },
  lastSeq?: number,
  /** Seqs that may be missing (messages this account hid): not holes. */
  absent: ReadonlySet<number> = new Set(),
): Violation[] {
  const violations: Violation[] = [];
  const report = (kind: Violation['kind'], detail: string) => violations.push({ kind, ...at, detail });

  const seenSeqs = new Set<number>();
  const seenClientIds = new Map<string, number>();
  let previous = 0;
  for (const message of messages) {
    if (seenSeqs.has(message.seq)) report('duplicated', `seq ${message.seq} listed twice`);
    else if (message.seq < previous) report('reordered', `seq ${message.seq} listed after seq ${previous}`);
    seenSeqs.add(message.seq);
    previous = Math.max(previous, message.seq);

    // A clientId is per sender: two senders may (in theory) pick the same one.
    const key = `${message.senderId}/${message.clientId}`;
    const first = seenClientIds.get(key);
    if (first !== undefined && first !== message.seq) {
      report('duplicated', `clientId ${message.clientId} at seq ${first} and seq ${message.seq}`);
    }
    if (first === undefined) seenClientIds.set(key, message.seq);
  }

  const highest = Math.max(0, ...seenSeqs);
  const holes = missingRanges(new Set([...seenSeqs, ...absent]), 1, highest);
  if (holes.length > 0) report('gap', `missing seq ${holes.join(', ')} below seq ${highest}`);
  if (lastSeq !== undefined && lastSeq > highest) report('gap', `conversation says lastSeq ${lastSeq} but messages stop at seq ${highest}`);
  if (lastSeq !== undefined && lastSeq < highest) report('gap', `conversation says lastSeq ${lastSeq} but holds seq ${highest}`);
  return violations;
}

/** The numbers in [from, to] that `present` lacks, as compact ranges ("3", "7-9"). */
export function missingRanges(present: ReadonlySet<number>, from: number, to: number): string[] {
  const ranges: string[] = [];
  let start: number | null = null;
  for (let n = from; n <= to + 1; n++) {
    const missing = n <= to && !present.has(n);
    if (missing && start === null) start = n;
    if (!missing && start !== null) {
      ranges.push(start === n - 1 ? `${start}` : `${start}-${n - 1}`);
      start = null;
    }
  }
  return ranges;
}
