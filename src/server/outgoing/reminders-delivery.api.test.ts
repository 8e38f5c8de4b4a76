// Reminders that really arrive: a rhythm set through the API, a unit with an e-mail and a phone contact that has
// not reported, the clock moved past the reminder time, the reminder tick and the outgoing worker run once; the
// e-mail reaches an SMTP server started here and the SMS a local gateway, which fails first and is retried with
// back-off, every attempt in outgoing_attempts. A unit that reported is not reminded, and nothing goes twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { hasBasicAuth, startHttp, startSmtp } from '../../../test/support/peers.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import type { Config } from '../config.js';
import { queueReminders } from '../situation/reminders.js';
import { createOutgoingWorker, type OutgoingWorker } from './worker.js';

const SMTP_USER = 'lifeboat';
const SMTP_PASS = 'smtp-pa55-word';
const SMS_USER = 'u1234';
const SMS_PASS = 'gateway-s3cret';
const SECOND = 1000;
// 14:00 in Stockholm on the test clock's day; its reminder is due an hour before.
const DEADLINE = '2026-11-29T13:00:00.000Z';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - id: school
    name: Skolan
    kind: office
    contacts: [{ name: Sara Skola, email: sara@provstad.example, phone: "+46 70-222 33 44" }]
  - id: water
    name: Vatten AB
    kind: company
    contacts: [{ name: Valter Vatten, email: valter@provstad.example, phone: "+46705556677" }]
systems: []
`;

/** The text of a mail's body as sent (quoted-printable undone), to read what a person would. */
function readable(data: string): string {
  const soft = data.replace(/=\r?\n/g, '');
  const bytes = soft.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: reminders delivered through the outgoing queue to real local peers`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    // The gateway answers with whatever the test queues up, then 201.
    const gatewayAnswers: number[] = [];
    let gateway: Awaited<ReturnType<typeof startHttp>>;
    let worker: OutgoingWorker;
    let staff: ApiClient;
    let waterReporter: ApiClient;

    beforeAll(async () => {
      smtp = await startSmtp(SMTP_USER, SMTP_PASS);
      gateway = await startHttp(() => gatewayAnswers.shift() ?? 201);
      const channels: Config['channels'] = {
        smtp: { url: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${smtp.port}`, from: 'lifeboat@kommun.example' },
        sms: { url: `${gateway.url}/a1/sms`, from: 'Lifeboat', user: SMS_USER, password: SMS_PASS },
        maxAttempts: 4,
        timeoutMs: 5000,
      };
      server = await startTestServer(dialect, { channels });
      // The app's own worker has no timer here: the test runs this one when it chooses, on the server's clock.
      worker = createOutgoingWorker(
        { db: server.db, config: server.config, clock: server.clock, ids: testIds('w1') },
        { enabled: false, random: () => 0.5, workerId: 'w1' },
      );
      const admin = await signIn(server, { role: 'admin' });
      const imported = await admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      staff = await signIn(server, { role: 'staff' });
      waterReporter = await signIn(server, { role: 'reporter', unitId: 'water' });
      await server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Ransomware',
          detected_at: '2026-11-29T06:00:00.000Z',
          phase: 'containment',
          severity: 'high',
          exercise: 0,
          created_at: '2026-11-29T06:30:00.000Z',
          created_by: null,
          updated_at: '2026-11-29T06:30:00.000Z',
          closed_at: null,
          forecast: null,
        })
        .execute();
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
      await gateway?.close();
    });

    const tick = () =>
      queueReminders(server.db, { db: server.db, ids: testIds('rem'), config: server.config }, server.clock());
    const attempts = (messageId: string) =>
      server.db
        .selectFrom('outgoing_attempts')
        .select(['at', 'ok', 'error'])
        .where('message_id', '=', messageId)
        .orderBy('at')
        .execute();

    it('reminds the unit that has not reported by e-mail and SMS, retrying a failing gateway with back-off', async () => {
      // 09:00 in Stockholm: the staff sets the 14:00 deadline with a reminder an hour before.
      const rule = await staff.post('/api/rhythms', { kind: 'daily', time_of_day: '14:00', remind_minutes: 60 });
      expect(rule.status, JSON.stringify(rule.body)).toBe(200);
      // Vatten AB reports in good time; the school does not.
      const report = await waterReporter.post('/api/reports/submit', {
        unit_id: 'water',
        cycle_at: DEADLINE,
        content: {
          overall: 'normal',
          situation: 'Vattnet går som vanligt.',
          consequences: '',
          life_health_risk: false,
          actions: '',
          workarounds: [],
          missing_systems: [],
          staffing: '',
          needs: [],
          forecast: '',
          questions: '',
        },
      });
      expect(report.status, JSON.stringify(report.body)).toBe(200);

      // Before the reminder time nothing is queued, and the worker finds nothing.
      expect(await tick()).toBe(0);
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

      // Past the reminder time; the gateway fails its first request.
      server.clock.set('2026-11-29T12:05:00.000Z');
      const first = server.clock().getTime();
      gatewayAnswers.push(500);
      expect(await tick()).toBe(2);
      expect(await worker.runOnce()).toEqual({ claimed: 2, sent: 1, retried: 1, failed: 0 });

      // The e-mail reached the SMTP server, authenticated, to the school's contact, with the link to the form.
      expect(smtp.inbox).toHaveLength(1);
      const mail = smtp.inbox[0];
      expect(mail).toMatchObject({ user: SMTP_USER, from: 'lifeboat@kommun.example', to: ['sara@provstad.example'] });
      expect(mail?.data).toMatch(/^Subject: /m);
      const text = readable(mail?.data ?? '');
      expect(text).toContain('Hej Sara Skola');
      expect(text).toContain(`${server.config.publicUrl.replace(/\/+$/, '')}/app/report`);

      const rows = await server.db.selectFrom('outgoing').selectAll().orderBy('channel').execute();
      expect(rows.map((r) => [r.channel, r.recipient, r.purpose])).toEqual([
        ['email', 'sara@provstad.example', 'reminder'],
        ['sms', '+46702223344', 'reminder'],
      ]);
      const [email, sms] = rows;
      if (!email || !sms) throw new Error('two messages expected');
      expect(email).toMatchObject({ state: 'sent', attempts: 1, last_error: null });
      // The first retry waits 30 s (the jitter at its middle).
      expect(sms).toMatchObject({ state: 'pending', attempts: 1 });
      expect(sms.next_attempt_at).toBe(new Date(first + 30 * SECOND).toISOString());
      expect(sms.last_error).toContain('500');
      expect(sms.last_error).not.toContain(SMS_PASS);

      // Not due yet: the worker leaves it.
      server.clock.advance(29 * SECOND);
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
      expect(gateway.received).toHaveLength(1);
      server.clock.advance(1 * SECOND);
      expect(await worker.runOnce()).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });

      // Both requests were the gateway's form: basic auth, from, to and the message with the link.
      expect(gateway.received).toHaveLength(2);
      for (const request of gateway.received) {
        expect(request.method).toBe('POST');
        expect(request.url).toBe('/a1/sms');
        expect(hasBasicAuth(request, SMS_USER, SMS_PASS)).toBe(true);
        const form = new URLSearchParams(request.body);
        expect(form.get('from')).toBe('Lifeboat');
        expect(form.get('to')).toBe('+46702223344');
        expect(form.get('message')).toMatch(
          /^Påminnelse: lägesrapport från Skolan senast .*14:00\. Lämna den här: http/,
        );
      }

      // Every attempt is logged: the e-mail's one, the SMS's failure and its success 30 s later.
      expect(await attempts(email.id)).toEqual([{ at: new Date(first).toISOString(), ok: 1, error: null }]);
      const smsAttempts = await attempts(sms.id);
      expect(smsAttempts.map((a) => [a.at, a.ok])).toEqual([
        [new Date(first).toISOString(), 0],
        [new Date(first + 30 * SECOND).toISOString(), 1],
      ]);
      expect(smsAttempts[0]?.error).toContain('500');
      expect(
        await server.db.selectFrom('outgoing').select('state').where('id', '=', sms.id).executeTakeFirst(),
      ).toEqual({ state: 'sent' });

      // Later ticks and runs before the deadline send nothing again.
      server.clock.set('2026-11-29T12:45:00.000Z');
      expect(await tick()).toBe(0);
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
      expect(smtp.inbox).toHaveLength(1);
      expect(gateway.received).toHaveLength(2);
    });
  });
}
