import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type MagpieBridge,
} from '../../shared/ipc';
import { MagpieError } from '../../shared/errors';

/** The bridge, or null when the page runs outside Electron and outside the browser shell. */
export function getBridge(): MagpieBridge | null {
  return typeof window !== 'undefined' && window.magpie ? window.magpie : null;
}

function requireBridge(): MagpieBridge {
  const bridge = getBridge();
  if (!bridge) throw new MagpieError('ipc.unknown_channel', 'window.magpie is missing');
  return bridge;
}

/**
 * Calls one invoke channel and unwraps its envelope: resolves with the typed value, rejects with a
 * MagpieError whose code the UI translates. The response is parsed so defaults and types hold.
 */
export async function invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>> {
  const envelope = await requireBridge().invoke(channel, request);
  if (!envelope.ok) throw MagpieError.fromShape(envelope.error);
  const parsed = INVOKE_CHANNELS[channel].response.safeParse(envelope.value);
  if (!parsed.success) throw new MagpieError('protocol.malformed', `bad reply on ${channel}`);
  return parsed.data as InvokeResponse<C>;
}

/** Listens to one event channel; payloads that do not match the contract are dropped. */
export function subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return requireBridge().on(event, (payload) => {
    const parsed = EVENT_CHANNELS[event].safeParse(payload);
    if (parsed.success) listener(parsed.data as EventPayload<E>);
  });
}
