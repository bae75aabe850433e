import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { createEventSource, type EventSourceClient } from 'eventsource-client';
import { authHeaders, type Auth } from './api';

/** An event of the tenant's, as the gateway's stream (GET /api/v1/events) sends it. */
export interface LiveEvent {
  id: string;
  type: string;
  occurredAt: string;
  subject: { type: string; id: string };
  payload: Record<string, unknown>;
}

export type LiveState = 'connecting' | 'open' | 'closed';

type Listener = (event: LiveEvent) => void;

/**
 * The one stream of a signed-in tab, shared by every screen: the token goes in the Authorization
 * header (never in the URL), and a dropped connection reconnects with Last-Event-ID, so the screens
 * get what happened meanwhile.
 */
class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly source: EventSourceClient;

  constructor(auth: Auth, onState: (state: LiveState) => void) {
    this.source = createEventSource({
      url: new URL('events', new URL(__API_PATH__, window.location.origin)),
      // The headers of each (re)connection: a password session's token is refreshed meanwhile.
      fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, ...authHeaders(auth) } }),
      onConnect: () => onState('open'),
      onDisconnect: () => onState('connecting'),
      onScheduleReconnect: () => onState('connecting'),
      onMessage: (message) => {
        let event: LiveEvent;
        try {
          event = JSON.parse(message.data) as LiveEvent;
        } catch {
          return;
        }
        for (const listener of this.listeners) listener(event);
      },
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.source.close();
  }
}

const LiveContext = createContext<{ events: LiveEvents | null; state: LiveState; received: number; auth: Auth | null }>({
  events: null,
  state: 'closed',
  received: 0,
  auth: null,
});

/** Opens the tab's stream for this sign-in while mounted, and gives its screens the sign-in (`useAuth`). */
export function LiveProvider({ auth, children }: { auth: Auth; children: ReactNode }) {
  const [state, setState] = useState<LiveState>('connecting');
  const [events, setEvents] = useState<LiveEvents | null>(null);
  const [received, setReceived] = useState(0);
  useEffect(() => {
    const live = new LiveEvents(auth, setState);
    const unsubscribe = live.subscribe(() => setReceived((n) => n + 1));
    setEvents(live);
    return () => {
      unsubscribe();
      live.close();
      setState('closed');
    };
  }, [auth]);
  return <LiveContext.Provider value={{ events, state, received, auth }}>{children}</LiveContext.Provider>;
}

/** The tab's sign-in, for calls outside the typed client (uploads). */
export function useAuth(): Auth {
  const { auth } = useContext(LiveContext);
  if (!auth) throw new Error('not signed in');
  return auth;
}

/** Calls `onEvent` for every event whose type starts with one of `prefixes` (e.g. `load.`), while mounted. */
export function useLiveEvents(prefixes: readonly string[], onEvent: (event: LiveEvent) => void): void {
  const { events } = useContext(LiveContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = prefixes.join(',');
  useEffect(() => {
    if (!events) return;
    const wanted = key.split(',');
    return events.subscribe((event) => {
      if (wanted.some((prefix) => event.type.startsWith(prefix))) handler.current(event);
    });
  }, [events, key]);
}

/**
 * `refresh`, called once for a burst of events of these types (a status change brings two or three
 * at once): a list reads itself again rather than patching rows from payloads it may not show.
 */
export function useRefreshOnEvents(prefixes: readonly string[], refresh: () => void, delayMs = 100): void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveEvents(prefixes, () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(refresh, delayMs);
  });
}

/** Whether the stream is open, for a person: live, or reconnecting; and how many updates arrived. */
export function LiveIndicator() {
  const { state, received } = useContext(LiveContext);
  return (
    <span role="status" aria-label="Live updates" data-live-state={state} data-received={received} className={`live live-${state}`}>
      {state === 'open' ? '● live' : state === 'connecting' ? '○ reconnecting…' : '○ offline'}
      {received > 0 && <span className="muted"> · {received} updates</span>}
    </span>
  );
}
