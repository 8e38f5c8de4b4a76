/** One server-sent event as a client sees it; comments (heartbeats) have type `comment`. */
export interface SseMessage {
  id: string | null;
  type: string;
  data: string;
}

/** An open event stream: everything received so far, and ways to wait for more. */
export interface SseStream {
  status: number;
  messages: SseMessage[];
  /** Resolves with the first message (already received or coming) that matches, or rejects after `timeoutMs`. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens `GET path` as a stream of server-sent events with the given headers (cookie, bearer, Last-Event-ID)
 * and parses it as the EventSource specification does (fields id, event, data; `:` comments kept).
 */
export async function openStream(baseUrl: string, path: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  let resolveEnded = () => {};
  const ended = new Promise<void>((resolve) => {
    resolveEnded = resolve;
  });
  if (res.status === 200 && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      let current: SseMessage = { id: null, type: 'message', data: '' };
      let hasData = false;
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let nl = buffer.indexOf('\n');
          while (nl >= 0) {
            const line = buffer.slice(0, nl).replace(/\r$/, '');
            buffer = buffer.slice(nl + 1);
            if (line === '') {
              if (hasData || current.type !== 'message' || current.id !== null) messages.push(current);
              current = { id: null, type: 'message', data: '' };
              hasData = false;
            } else if (line.startsWith(':')) {
              messages.push({ id: null, type: 'comment', data: line.slice(1).trim() });
            } else {
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'id') current.id = value;
              else if (field === 'event') current.type = value;
              else if (field === 'data') {
                current.data = hasData ? `${current.data}\n${value}` : value;
                hasData = true;
              } else if (field === 'retry') messages.push({ id: null, type: 'retry', data: value });
            }
            nl = buffer.indexOf('\n');
          }
          notify();
        }
      } catch {
        // Aborted by close().
      }
      resolveEnded();
      notify();
    })();
  } else {
    await res.text().catch(() => '');
    resolveEnded();
  }
  return {
    status: res.status,
    messages,
    ended,
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      abort.abort();
    },
  };
}
