// The foundation issue's walk in Chromium: the set-up link, the first administrator with TOTP, the import
// of Exempelstad through the UI, Active Directory with what it needs and what needs it, and the switch to
// English that stays after a reload and follows the account to another browser. Then the roles: a
// reporter and an observer read but cannot change. axe-core checks every page on the way.
import fs from 'node:fs';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createToken, createUserWithPassword } from '../../src/server/users/users.service.js';
import { ImportPage } from './pages/import-page.js';
import { LoginPage } from './pages/login-page.js';
import { SetupPage } from './pages/setup-page.js';
import { SystemPage } from './pages/system-page.js';
import { describeBrowser, type E2E } from './support/harness.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/exempelstad.yaml');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const PASSWORD = 'a long test password 42';
const AD_NAME = 'Active Directory (katalogtjänst)';

// Read with the yaml package, not the app's parser, so that the expectations do not share its mistakes.
const catalogue = parse(FIXTURE_TEXT) as {
  teams: { id: string }[];
  units: { id: string }[];
  systems: { id: string; name: string; depends_on?: string[] }[];
};
const nameOf = (id: string) => catalogue.systems.find((s) => s.id === id)?.name ?? id;
const ad = catalogue.systems.find((s) => s.id === 'ad');
const AD_NEEDS = (ad?.depends_on ?? []).map(nameOf);
const AD_NEEDED_BY = catalogue.systems.filter((s) => s.depends_on?.includes('ad')).map((s) => s.name);
const sorted = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b, 'sv'));

/** What an authenticator app shows for the key now, by the server's clock (computed without the app's code). */
function authenticatorCode(env: E2E, secret: string): string {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  });
  return totp.generate({ timestamp: env.clock ? env.clock().getTime() : Date.now() });
}

describeBrowser('foundation: set-up to Active Directory in English', (e2e) => {
  it('the fixture is what the assertions below expect', () => {
    expect(AD_NEEDS).toEqual(['DNS och DHCP', 'Virtualiseringsplattform']);
    expect(AD_NEEDED_BY.length).toBeGreaterThan(10);
  });

  it('sets up an administrator with TOTP, imports, shows Active Directory both ways, and switches to English', async () => {
    const env = e2e();
    // The server runs on the real clock here; authenticatorCode would follow a test clock if it had one.
    expect(env.clock).toBeUndefined();
    const page = await env.newPage();

    // The console's one-time link; the token travels in the fragment.
    const link = await env.setupLink();
    const setup = await new SetupPage(page, env).open(link);
    expect(await setup.language()).toBe('sv');
    // The page takes the token out of the address bar, so it is neither bookmarked nor read over a shoulder.
    expect(page.url()).toBe(`${env.baseUrl}/app/setup`);
    await setup.checkA11y('the set-up page');

    const enrol = await setup.createAdmin({ email: 'admin@exempelstad.test', name: 'Ada Admin', password: PASSWORD });
    await enrol.qrCode().waitFor({ state: 'visible' });
    await enrol.checkA11y('TOTP enrolment');
    const secret = await enrol.secret();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

    const recovery = await enrol.confirm(authenticatorCode(env, secret));
    const recoveryCodes = await recovery.codes();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await recovery.checkA11y('the recovery codes');

    const overview = await recovery.done();
    expect(await overview.navLinkNames()).toEqual(
      expect.arrayContaining(['Översikt', 'System', 'Import och export', 'Användare']),
    );
    await overview.checkA11y('the overview with an empty catalogue');

    // Import through the page's file input: preview first, then apply.
    const importPage = await overview.toImport();
    await importPage.checkA11y('the import page');
    await importPage.preview(FIXTURE);
    const preview = importPage.previewRegion('exempelstad.yaml');
    expect(await importPage.counts(preview, 'systems')).toEqual({
      added: catalogue.systems.length,
      changed: 0,
      removed: 0,
    });
    expect(await importPage.counts(preview, 'units')).toEqual({
      added: catalogue.units.length,
      changed: 0,
      removed: 0,
    });
    expect(await importPage.counts(preview, 'teams')).toEqual({
      added: catalogue.teams.length,
      changed: 0,
      removed: 0,
    });
    await importPage.checkA11y('the import preview');
    await importPage.apply('exempelstad.yaml');
    expect(await importPage.counts(importPage.appliedRegion('exempelstad.yaml'), 'systems')).toEqual({
      added: catalogue.systems.length,
      changed: 0,
      removed: 0,
    });
    await importPage.checkA11y('the applied import');

    // The list of systems, searched.
    const systems = await importPage.toSystems();
    const total = catalogue.systems.length;
    expect(await systems.resultCount().textContent()).toBe(`Visar ${total} av ${total} system.`);
    expect(await systems.shownNames()).toHaveLength(total);
    await systems.checkA11y('the list of systems');
    await systems.search('Active Directory', 1);
    expect(await systems.shownNames()).toEqual([AD_NAME]);
    await systems.checkA11y('the list of systems, searched');

    // Active Directory: what it needs, and what needs it.
    const adPage = await systems.open(AD_NAME);
    await adPage.waitForPath('/app/systems/ad');
    expect(await adPage.needsHeading().textContent()).toBe('Behöver');
    expect(await adPage.neededByHeading().textContent()).toBe('Behövs av');
    expect(sorted(await adPage.needs())).toEqual(sorted(['DNS och DHCP', 'Virtualiseringsplattform']));
    const neededBy = await adPage.neededBy();
    expect(neededBy).toEqual(
      expect.arrayContaining([
        'Certifikattjänst (PKI)',
        'Flerfaktorsautentisering',
        'Fjärråtkomst (VPN)',
        'Databasplattform',
        'E-post',
        'Filserver och gemensamma mappar',
      ]),
    );
    expect(sorted(neededBy)).toEqual(sorted(AD_NEEDED_BY));
    expect(neededBy).not.toContain('DNS och DHCP');
    await expect(adPage.editButton().isVisible()).resolves.toBe(true);
    await adPage.checkA11y('Active Directory');

    // English, from the header; names from the catalogue stay as they are.
    await adPage.switchLanguage('sv', true);
    expect(await adPage.needsHeading().textContent()).toBe('Needs');
    expect(await adPage.neededByHeading().textContent()).toBe('Needed by');
    expect(await adPage.language()).toBe('en');
    expect(await adPage.navLinkNames()).toEqual(expect.arrayContaining(['Overview', 'Systems', 'Import and export']));
    expect(sorted(await adPage.needs())).toEqual(sorted(['DNS och DHCP', 'Virtualiseringsplattform']));
    await adPage.checkA11y('Active Directory in English');

    // A reload keeps English.
    const reloaded = await adPage.reload();
    expect(await reloaded.needsHeading().textContent()).toBe('Needs');
    expect(await reloaded.neededByHeading().textContent()).toBe('Needed by');
    expect(await reloaded.language()).toBe('en');
    expect(sorted(await reloaded.neededBy())).toEqual(sorted(AD_NEEDED_BY));
    await reloaded.checkA11y('Active Directory in English after a reload');

    // The language belongs to the account: another browser (no local storage) gets English after login,
    // here with one of the recovery codes as the second factor.
    const other = await env.newPage();
    const login = await new LoginPage(other, env).goto();
    expect(await login.language()).toBe('sv');
    await login.checkA11y('the login page');
    const codeStep = await login.logInWithTotp('admin@exempelstad.test', PASSWORD);
    await codeStep.checkA11y('the login code step');
    const elsewhere = await codeStep.verify(recoveryCodes[0] ?? '');
    expect(await elsewhere.headingText()).toBe('Overview');
    expect(await elsewhere.language()).toBe('en');
    await elsewhere.checkA11y('the overview in English in another browser');

    // The one-time link works once: it now leads to "already set up", not to a form.
    const used = await new SetupPage(await env.newPage(), env).open(link);
    expect(await used.alreadySetUpNote().isVisible()).toBe(true);
    expect(await used.submitButton().count()).toBe(0);
    await used.checkA11y('a used set-up link');
  });
});

describeBrowser('foundation: read-only roles in the browser', (e2e) => {
  beforeAll(async () => {
    const env = e2e();
    let n = 0;
    const deps = { clock: env.clock ?? (() => new Date()), ids: () => `roles-e2e-${++n}`, config: env.config };
    const create = (email: string, name: string, role: 'admin' | 'reporter' | 'observer', unitId?: string) =>
      env.db
        .transaction()
        .execute((trx) =>
          createUserWithPassword(trx, deps, { email, name, role, password: PASSWORD, ...(unitId ? { unitId } : {}) }),
        );
    // The catalogue goes in as an administrator's script would send it (a token needs no TOTP);
    // the UI's import is the first suite's business.
    const admin = await create('admin@roles.test', 'Admin', 'admin');
    const { token } = await env.db.transaction().execute((trx) => createToken(trx, deps, admin.id, 'import', admin.id));
    const res = await fetch(`${env.baseUrl}/api/catalogue/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file_name: 'exempelstad.yaml', content: FIXTURE_TEXT }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    // The IT department owns Active Directory; its reporter may read that system but change nothing.
    await create('reporter@roles.test', 'Rut Reporter', 'reporter', 'it');
    await create('observer@roles.test', 'Olle Observer', 'observer');
  });

  it('a reporter reads a system but cannot change it, and has no import or users in the menu', async () => {
    const env = e2e();
    const page = await env.newPage();
    const overview = await (await new LoginPage(page, env).goto()).logInAsReporter('reporter@roles.test', PASSWORD);
    const nav = await overview.navLinkNames();
    expect(nav).toEqual([
      'Översikt',
      'Lägesrapport',
      'Behov',
      'System',
      'Team',
      'Uppdrag',
      'Kontor och bolag',
      'Mitt konto',
    ]);
    expect(nav).not.toContain('Import och export');
    expect(nav).not.toContain('Användare');
    await overview.checkA11y('the overview for a reporter');

    const systems = await overview.toSystems();
    await systems.search('Active Directory', 1);
    const adPage = await systems.open(AD_NAME);
    expect(sorted(await adPage.needs())).toEqual(sorted(AD_NEEDS));
    await adPage.readOnlyNote().waitFor({ state: 'visible' });
    expect(await adPage.editButton().count()).toBe(0);
    await adPage.checkA11y('Active Directory for a reporter');

    // Typing the address does not bring the import form either.
    const importPage = await new ImportPage(page, env).goto();
    expect(await importPage.fileInput().count()).toBe(0);
    expect(await importPage.previewButton().count()).toBe(0);
    // Nor export links: the export is for internal readers only and would answer 403.
    await importPage.page.getByText('Din roll kan varken importera eller exportera katalogen.').waitFor();
    expect(await importPage.page.getByRole('link', { name: 'Hämta som YAML' }).count()).toBe(0);
    await importPage.checkA11y('the import page for a reporter');
  });

  it('an observer reads the internal picture but cannot edit a system or import', async () => {
    const env = e2e();
    const page = await env.newPage();
    const overview = await (await new LoginPage(page, env).goto()).logIn('observer@roles.test', PASSWORD);
    const nav = await overview.navLinkNames();
    expect(nav).toContain('Import och export');
    expect(nav).not.toContain('Användare');
    await overview.checkA11y('the overview for an observer');

    const adPage = await new SystemPage(page, env, AD_NAME).open('ad');
    expect(sorted(await adPage.neededBy())).toEqual(sorted(AD_NEEDED_BY));
    await adPage.readOnlyNote().waitFor({ state: 'visible' });
    expect(await adPage.editButton().count()).toBe(0);
    await adPage.checkA11y('Active Directory for an observer');

    const importPage = await overview.toImport();
    expect(await importPage.fileInput().count()).toBe(0);
    await importPage.readOnlyNote().waitFor({ state: 'visible' });
    await importPage.checkA11y('the import page for an observer');
  });
});
