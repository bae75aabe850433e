// A client of the gateway's live event stream for tests: fetch with the Authorization header (as the
// SPA does), the body parsed by eventsource-parser, every event kept in arrival order.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { expect } from 'vitest';
import { type Stack } from './stack';

export const EVENTS_PATH = '/api/v1/events';

export interface StreamedEvent {
  /** The event's position in the log (the SSE id, what Last-Event-ID resumes after). */
  readonly position: string;
  readonly type: string;
  readonly data: { id: string; type: string; tenant: string; subject: { type: string; id: string }; payload: Record<string, unknown> };
}

export interface OpenStream {
  readonly status: number;
  readonly events: StreamedEvent[];
  readonly comments: string[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** The refusal's body when the stream was not opened. */
  readonly refusal?: { errors: { message: string; extensions: { code: string } }[] };
  /** Resolves once `count` events have arrived (fails the test after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<StreamedEvent[]>;
  close(): void;
}

export async function openStream(stack: Stack, token: string | undefined, headers: Record<string, string> = {}): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(`${stack.url}${EVENTS_PATH}`, {
    headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    signal: abort.signal,
  });
  const events: StreamedEvent[] = [];
  const comments: string[] = [];
  let ended = Promise.resolve();
  if (res.ok && res.body) {
    const parser = createParser({
      onEvent: (message: EventSourceMessage) =>
        events.push({ position: message.id ?? '', type: message.event ?? 'message', data: JSON.parse(message.data) as StreamedEvent['data'] }),
      onComment: (comment) => comments.push(comment),
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    ended = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.feed(value);
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return {
    status: res.status,
    events,
    comments,
    ended,
    async waitFor(count, timeoutMs = 10_000) {
      await expect.poll(() => events.length, { timeout: timeoutMs, interval: 20 }).toBeGreaterThanOrEqual(count);
      return events;
    },
    close: () => abort.abort(),
    ...(res.ok ? {} : { refusal: (await res.json()) as NonNullable<OpenStream['refusal']> }),
  };
}
