/**
 * Who takes part in a soak: three accounts, four devices (ann signs in on two, so every message
 * must also reach her other device), and the three direct conversations between them.
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

/** Each direct conversation by its two members' usernames. */
export const SOAK_CONVERSATIONS: ReadonlyArray<readonly [SoakAccount, SoakAccount]> = [
  ['ann', 'bob'],
  ['ann', 'cat'],
  ['bob', 'cat'],
];

export const conversationLabel = (index: number) => SOAK_CONVERSATIONS[index]!.join('+');

/** The conversations (by index) a device's account can write in. */
export function conversationsOfDevice(device: number): number[] {
  const account = SOAK_DEVICES[device]!.account;
  return SOAK_CONVERSATIONS.flatMap((members, index) => ((members as readonly string[]).includes(account) ? [index] : []));
}

export const passwordOf = (account: string) => `soak-password-${account}`;
