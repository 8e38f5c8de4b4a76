// Editing the catalogue record by record in Chromium, as the first administrator (with TOTP): a team is
// added and its capacity changed; an office is added and removed; a system is added, then another in the
// team that needs it; the list shows both. Then the errors, last because Chromium logs every 4xx as a
// console error: a duplicate id is refused beside the id field, and the needed system cannot be removed
// (the 409 names who needs it). Finally the dependent system, the needed one and the team are removed.
// axe checks every page on the way.
import { expect, it } from 'vitest';
import { loadCatalogue } from '../../src/store/catalogue/catalogue.repository.js';
import { SystemsEditPage, TeamsEditPage, UnitsEditPage } from './pages/catalogue-edit-page.js';
import { SetupPage } from './pages/setup-page.js';
import { describeBrowser } from './support/harness.js';

const PASSWORD = 'a long test password 42';
const TEAM = { id: 'e2e-team', name: 'Testteamet', capacity: 2 };
const BASE = { id: 'bas', name: 'Bassystemet' };
const SERVICE = { id: 'tjanst', name: 'Tjänsten', team: TEAM.name, dependsOn: BASE.id };

describeBrowser('catalogue: adding and removing teams, units and systems', (e2e) => {
  it('an administrator adds a team and two systems, is stopped by a duplicate id and a dependency, and removes them', async () => {
    const env = e2e();
    const page = await env.newPage();
    const enrol = await (await new SetupPage(page, env).open(await env.setupLink())).createAdmin({
      email: 'admin@exempelstad.test',
      name: 'Ada Admin',
      password: PASSWORD,
    });
    const overview = await (await enrol.confirm(env.totpCode(await enrol.secret()))).done();

    // A team, then its capacity changed in its row.
    await overview.navLink('Team').click();
    const teams = await new TeamsEditPage(page, env).ready();
    await teams.checkA11y('the teams page with its add form');
    await teams.addTeam(TEAM);
    expect(await teams.names()).toEqual([TEAM.name]);
    expect(await teams.capacityField(TEAM.name).inputValue()).toBe('2');
    await teams.setCapacity(TEAM.name, 3);
    await teams.reload();
    expect(await teams.capacityField(TEAM.name).inputValue()).toBe('3');
    await teams.checkA11y('the teams page with a team');

    // An office, added and removed again.
    await teams.navLink('Kontor och bolag').click();
    const units = await new UnitsEditPage(page, env).ready();
    await units.checkA11y('the units page with its add form');
    await units.addUnit({ id: 'ekonomi', name: 'Ekonomikontoret', kind: 'Kontor eller förvaltning' });
    expect(await units.names()).toEqual(['Ekonomikontoret']);
    const unit = await units.open('Ekonomikontoret');
    await unit.checkA11y('a unit page with its remove section');
    const unitsAfter = await unit.removeAndReturn();
    expect(await unitsAfter.names()).toEqual([]);

    // Two systems: the second in the team, needing the first.
    await unitsAfter.navLink('System').click();
    const list = await new SystemsEditPage(page, env).ready();
    await list.checkA11y('the empty systems list with its add link');
    const form = await list.toNewSystem();
    await form.checkA11y('the new-system form');
    const base = await form.add(BASE);
    await base.checkA11y('a new system');
    const service = await (await (await base.toList()).toNewSystem()).add(SERVICE);
    expect(await service.needs()).toEqual([BASE.name]);
    await service.checkA11y('a new system with a dependency');
    const listed = await service.toList();
    expect(await listed.shownNames()).toEqual([BASE.name, SERVICE.name]);
    await listed.checkA11y('the systems list with the new systems');
    const stored = await loadCatalogue(env.db, { name: 'x', locale: 'sv', timezone: 'Europe/Stockholm' });
    expect(stored.systems.find((s) => s.id === SERVICE.id)).toMatchObject({
      name: SERVICE.name,
      team: TEAM.id,
      depends_on: [BASE.id],
    });

    // A duplicate id: the API's 409 shows beside the id field, and nothing is added.
    const again = await listed.toNewSystem();
    await again.submit({ id: BASE.id, name: 'Dubbletten' });
    expect(await again.fieldError('Id')).toContain(`"${BASE.id}"`);
    await env.checkA11y(page, 'the new-system form with a field error from the API');
    expect(page.url()).toBe(`${env.baseUrl}/app/systems/new`);

    // The system another needs cannot go: the alert names the one that needs it.
    const back = await again.cancel();
    const needed = await back.open(BASE.name);
    await needed.remove();
    expect(await needed.removeError()).toContain(SERVICE.name);
    await env.checkA11y(page, 'a system that others need, after trying to remove it');
    expect(await needed.neededBy()).toEqual([SERVICE.name]);

    // The dependent one goes, then the one it needed, then the team they no longer use.
    const dependent = await needed.openNeededBy(SERVICE.name);
    const afterOne = await dependent.removeAndReturn();
    expect(await afterOne.shownNames()).toEqual([BASE.name]);
    const afterTwo = await (await afterOne.open(BASE.name)).removeAndReturn();
    expect(await afterTwo.shownNames()).toEqual([]);
    await afterTwo.navLink('Team').click();
    const teamsAgain = await new TeamsEditPage(page, env).ready();
    await teamsAgain.removeTeam(TEAM.name);
    expect(await teamsAgain.names()).toEqual([]);
    await env.checkA11y(page, 'the teams page after removing the team');

    const left = await loadCatalogue(env.db, { name: 'x', locale: 'sv', timezone: 'Europe/Stockholm' });
    expect(left.systems).toEqual([]);
    expect(left.teams).toEqual([]);
    // The two refusals, and nothing else, reached the console.
    expect(env.problems(page).map((p) => p.text)).toEqual([
      expect.stringMatching(/status of 409 \(Conflict\)/),
      expect.stringMatching(/status of 409 \(Conflict\)/),
    ]);
  });
});
