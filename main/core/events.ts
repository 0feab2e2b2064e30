import type { EventChannel, EventPayload } from '../../shared/ipc';

type Listener = (payload: never) => void;

/** The core's outgoing events, typed by the EVENT_CHANNELS payloads the bridge forwards. */
export class CoreEvents {
  private readonly listeners = new Map<EventChannel, Set<Listener>>();

  constructor(private readonly log: (message: string, detail?: unknown) => void = () => {}) {}

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  }

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      // One broken listener (a closed window) must not stop the others or the core.
      try {
        (listener as (payload: EventPayload<E>) => void)(payload);
      } catch (error) {
        this.log(`a ${event} listener threw`, error);
      }
    }
  }
}
