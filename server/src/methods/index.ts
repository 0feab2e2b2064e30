import { authHandlers } from './auth';
import type { MethodHandlers } from './context';
import { conversationHandlers } from './conversations';
import { messageHandlers } from './messages';

/** Every protocol method's handler, in one table the gateway dispatches from. */
export const HANDLERS: MethodHandlers = {
  ...authHandlers,
  ...conversationHandlers,
  ...messageHandlers,
  async 'system.ping'() {
    return { serverTime: Date.now() };
  },
};
