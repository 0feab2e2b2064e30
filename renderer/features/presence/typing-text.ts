import type { TFunction } from 'i18next';
import type { NameOf } from '../groups/system-text';

/** "Alice is typing…", "Alice and Bob are typing…", "Alice and 2 others are typing…"; '' for nobody. */
export function typingText(userIds: readonly string[], nameOf: NameOf, t: TFunction): string {
  if (userIds.length === 0) return '';
  const first = nameOf(userIds[0]!);
  if (userIds.length === 1) return t('typing.one', { name: first });
  if (userIds.length === 2) return t('typing.two', { name: first, other: nameOf(userIds[1]!) });
  return t('typing.many', { name: first, count: userIds.length - 1 });
}
