/** Do-not-disturb choices: for an hour, or until tomorrow morning (8:00 local, when the day starts). */
export type DndChoice = 'off' | 'hour' | 'tomorrow';

export const DND_MORNING_HOUR = 8;

export function dndUntil(choice: DndChoice, now: Date = new Date()): number | null {
  if (choice === 'off') return null;
  if (choice === 'hour') return now.getTime() + 60 * 60 * 1000;
  const morning = new Date(now);
  morning.setDate(morning.getDate() + 1);
  morning.setHours(DND_MORNING_HOUR, 0, 0, 0);
  return morning.getTime();
}

/** Whether do-not-disturb is on now (a past time means it has ended). */
export function dndActive(until: number | null, now = Date.now()): boolean {
  return until !== null && until > now;
}
