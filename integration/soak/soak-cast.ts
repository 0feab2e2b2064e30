/**
 * Who takes part in a soak: three accounts, four devices (ann signs in on two, so every message
 * must also reach her other device), the three direct conversations between them and one group of
 * all three (three members, one device each, plus ann's second device).
 */
export interface SoakDeviceSpec {
  name: string;
  account: string;
}

export const SOAK_ACCOUNTS = ['ann', 'bob', 'cat'] as const;
export type SoakAccount = (typeof SOAK_ACCOUNTS)[number];

export const SOAK_DEVICES: readonly SoakDeviceSpec[] = [
  { name: 'ann-laptop', account: 'ann' },
  { name: 'ann-phone', account: 'ann' },
  { name: 'bob-desktop', account: 'bob' },
  { name: 'cat-laptop', account: 'cat' },
];

/** Each conversation by its members' usernames; the first member opens (or creates) it. Two: direct; more: a group. */
export const SOAK_CONVERSATIONS: ReadonlyArray<readonly SoakAccount[]> = [
  ['ann', 'bob'],
  ['ann', 'cat'],
  ['bob', 'cat'],
  ['ann', 'bob', 'cat'],
];

export const conversationLabel = (index: number) => SOAK_CONVERSATIONS[index]!.join('+');

/** The conversations (by index) a device's account can write in. */
export function conversationsOfDevice(device: number): number[] {
  const account = SOAK_DEVICES[device]!.account;
  return SOAK_CONVERSATIONS.flatMap((members, index) => ((members as readonly string[]).includes(account) ? [index] : []));
}

/** The accounts (usernames) that are members of a conversation. */
export const membersOf = (conversation: number): readonly string[] => SOAK_CONVERSATIONS[conversation]!;

export const passwordOf = (account: string) => `soak-password-${account}`;
