import { INVOKE_CHANNELS, type InvokeChannel, type InvokeEnvelope } from '../../shared/ipc';

/**
 * What every stand-in bridge (the tests' fake, the renderer bench's) does before answering: the
 * request must be one the real contract accepts, exactly as main would check it. A refusal comes
 * back as the envelope main would send, plus a line for the stand-in's list of violations.
 */
export type CheckedRequest =
  | { ok: true; request: unknown }
  | { ok: false; envelope: InvokeEnvelope; violation: string };

export function checkRequest(channel: InvokeChannel, request: unknown): CheckedRequest {
  const spec = INVOKE_CHANNELS[channel];
  if (!spec) {
    return {
      ok: false,
      envelope: { ok: false, error: { code: 'ipc.unknown_channel', message: String(channel) } },
      violation: `unknown channel ${String(channel)}`,
    };
  }
  const parsed = spec.request.safeParse(request);
  if (!parsed.success) {
    return {
      ok: false,
      envelope: { ok: false, error: { code: 'ipc.invalid_request', message: parsed.error.message } },
      violation: `${channel}: ${JSON.stringify(request)} → ${parsed.error.message}`,
    };
  }
  return { ok: true, request: parsed.data };
}
