// Local stand-ins for the outside world in the outgoing tests: an SMTP server, an SMS gateway, a webhook receiver.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the test SMTP server received it. */
export interface ReceivedMail {
  user: string | undefined;
  from: string;
  to: string[];
  data: string;
}

/** An SMTP server on 127.0.0.1 that accepts one user and keeps what it receives. */
export async function startSmtp(user: string, password: string) {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        data += chunk;
      });
      stream.on('end', () => {
        inbox.push({
          user: typeof session.user === 'string' ? session.user : undefined,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: http.Server }).server.address() as AddressInfo;
  return {
    port,
    inbox,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A request as a local HTTP endpoint received it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local HTTP endpoint; `answer` decides each status (default 200). */
export async function startHttp(answer: (request: ReceivedRequest) => number | Promise<number> = () => 200) {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', async () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      const status = await answer(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: status < 300 ? 'created' : 'error', echo: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a request carries HTTP basic auth for this user and password. */
export function hasBasicAuth(request: ReceivedRequest, user: string, password: string): boolean {
  return request.headers.authorization === `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
