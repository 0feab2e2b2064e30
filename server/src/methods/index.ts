import { adminHandlers } from './admin';
import { authHandlers } from './auth';
import type { MethodHandlers } from './context';
import { conversationHandlers } from './conversations';
import { groupHandlers } from './groups';
import { messageHandlers } from './messages';
import { presenceHandlers } from './presence';
import { profileHandlers } from './profile';
import { searchHandlers } from './search';
import { syncHandlers } from './sync';
import { typingHandlers } from './typing';
import { sessionHandlers } from './sessions';

/** Every protocol method's handler, in one table the gateway dispatches from. */
export const HANDLERS: MethodHandlers = {
  ...authHandlers,
  ...sessionHandlers,
  ...profileHandlers,
  ...adminHandlers,
  ...conversationHandlers,
  ...groupHandlers,
  ...messageHandlers,
  ...syncHandlers,
  ...typingHandlers,
  ...presenceHandlers,
  ...searchHandlers,
  async 'system.ping'() {
    return { serverTime: Date.now() };
  },
};
