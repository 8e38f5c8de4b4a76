import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { EVENT_TYPES as ALL_TYPES, type EventType } from '../domain/live/events.js';

/** Where the live connection stands: shown so that nobody mistakes a stale page for a quiet one. */
export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'off';

/** One event as the page sees it. */
export interface LiveMessage {
  id: string;
  type: EventType;
  data: { [key: string]: unknown };
}

type Listener = (message: LiveMessage) => void;

interface LiveHub {
  subscribe(types: readonly EventType[], listener: Listener): () => void;
  state: LiveState;
}

const LiveContext = createContext<LiveHub | null>(null);

/**
 * Opens one stream of live events (`GET /api/events`) for the signed-in user and hands each event to the
 * pages that asked for its type. The browser's EventSource reconnects by itself and sends `Last-Event-ID`,
 * so nothing is missed across a dropped connection.
 */
export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const listeners = useRef(new Map<Listener, readonly EventType[]>());
  const [state, setState] = useState<LiveState>(enabled ? 'connecting' : 'off');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setState('off');
      return;
    }
    const source = new EventSource('/api/events');
    setState('connecting');
    source.onopen = () => setState('open');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    const deliver = (type: EventType) => (event: MessageEvent<string>) => {
      let data: LiveMessage['data'] = {};
      try {
        data = JSON.parse(event.data) as LiveMessage['data'];
      } catch {
        // A malformed payload still says that something of this type changed.
      }
      for (const [listener, types] of listeners.current) {
        if (types.includes(type)) listener({ id: event.lastEventId, type, data });
      }
    };
    const handlers = new Map<string, (event: MessageEvent<string>) => void>();
    for (const type of ALL_TYPES) handlers.set(type, deliver(type));
    // The server lost track of where this page was (its events were pruned): every page reloads all it shows.
    handlers.set('reset', (event) => {
      for (const [listener, types] of listeners.current) {
        if (types[0]) listener({ id: event.lastEventId, type: types[0], data: {} });
      }
    });
    // The session or token ended: stop here, since reconnecting would only be refused (and logged).
    handlers.set('end', () => {
      source.close();
      setState('off');
    });
    for (const [type, handler] of handlers) source.addEventListener(type, handler);
    return () => {
      for (const [type, handler] of handlers) source.removeEventListener(type, handler);
      source.close();
    };
  }, [enabled]);
  const hub: LiveHub = {
    state,
    subscribe(types, listener) {
      listeners.current.set(listener, types);
      return () => {
        listeners.current.delete(listener);
      };
    },
  };
  return <LiveContext.Provider value={hub}>{children}</LiveContext.Provider>;
}

/** Calls `onEvent` for each live event of the given types while the component is mounted. */
export function useLive(types: readonly EventType[], onEvent: (message: LiveMessage) => void): void {
  const hub = useContext(LiveContext);
  const callback = useRef(onEvent);
  callback.current = onEvent;
  const key = types.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the list of types.
  useEffect(() => hub?.subscribe(types, (message) => callback.current(message)), [hub, key]);
}

/** Reloads a page's data (e.g. `useLoad`'s `reload`) whenever an event of the given types arrives. */
export function useLiveReload(types: readonly EventType[], reload: () => void): void {
  useLive(types, () => reload());
}

/** Where the live connection stands, for an indicator in the page's header. */
export function useLiveState(): LiveState {
  return useContext(LiveContext)?.state ?? 'off';
}
