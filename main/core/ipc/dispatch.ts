import { MagpieError, toErrorShape } from '../../../shared/errors';
import {
  INVOKE_CHANNELS,
  type InvokeChannel,
  type InvokeEnvelope,
  type InvokeResponse,
  type ParsedInvokeRequest,
} from '../../../shared/ipc';

export type ChannelHandlers = {
  [C in InvokeChannel]: (request: ParsedInvokeRequest<C>) => Promise<InvokeResponse<C>>;
};

export interface DispatchOptions {
  /** Check every response against its schema: catches contract drift in tests and development. */
  validateResponses: boolean;
  log: (message: string, detail?: unknown) => void;
}

export type Dispatch = (channel: string, request: unknown) => Promise<InvokeEnvelope>;

/**
 * The single entry point from the bridge: validates the request, runs the handler and answers with
 * an envelope. It never throws, and unknown failures leave as a bare code with no internals.
 */
export function createDispatcher(handlers: ChannelHandlers, options: DispatchOptions): Dispatch {
  return async (channel, request) => {
    if (typeof channel !== 'string' || !Object.hasOwn(INVOKE_CHANNELS, channel)) {
      return failure(new MagpieError('ipc.unknown_channel', 'Unknown channel'));
    }
    const name = channel as InvokeChannel;
    const contract = INVOKE_CHANNELS[name];
    const parsed = contract.request.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'request';
      return failure(new MagpieError('ipc.invalid_request', `${where}: ${issue?.message ?? 'invalid'}`));
    }
    try {
      const handler = handlers[name] as (request: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      if (options.validateResponses) {
        const checked = contract.response.safeParse(value);
        if (!checked.success) {
          options.log(`response of ${name} breaks its schema`, checked.error.issues);
          return failure(new MagpieError('server.internal', 'Unexpected error'));
        }
      }
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof MagpieError)) options.log(`handler of ${name} failed`, error);
      return { ok: false, error: toErrorShape(error, 'server.internal') };
    }
  };
}

function failure(error: MagpieError): InvokeEnvelope {
  return { ok: false, error: error.toShape() };
}
