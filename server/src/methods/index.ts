import { authHandlers } from './auth';
import type { MethodHandlers } from './context';
import { conversationHandlers } from './conversations';
import { messageHandlers } from './messages';
import { searchHandlers } from './search';

/** Every protocol method's handler, in one table the gateway dispatches from. */
export const HANDLERS: MethodHandlers = {
  ...authHandlers,
  ...conversationHandlers,
  ...messageHandlers,
  ...searchHandlers,
  async 'system.ping'() {
    return { serverTime: Date.now() };
  },
};
