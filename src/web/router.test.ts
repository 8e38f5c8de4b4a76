import { describe, expect, it } from 'vitest';
import { appPath, matchRoute } from './router.js';

describe('router', () => {
  it('strips the /app base and a trailing slash', () => {
    expect(appPath('/app/')).toBe('/');
    expect(appPath('/app')).toBe('/');
    expect(appPath('/app/systems/')).toBe('/systems');
    expect(appPath('/elsewhere')).toBe('/');
  });

  it('matches every page of the UI', () => {
    expect(matchRoute('/')).toEqual({ name: 'overview' });
    for (const name of [
      'setup',
      'invite',
      'login',
      'systems',
      'units',
      'teams',
      'import',
      'users',
      'audit',
      'account',
    ]) {
      expect(matchRoute(`/${name}`)).toEqual({ name });
    }
    expect(matchRoute('/systems/new')).toEqual({ name: 'systemNew' });
    expect(matchRoute('/systems/ad')).toEqual({ name: 'system', id: 'ad' });
    expect(matchRoute('/units/it')).toEqual({ name: 'unit', id: 'it' });
  });

  it('decodes ids and refuses unknown paths', () => {
    expect(matchRoute('/systems/a%2Db')).toEqual({ name: 'system', id: 'a-b' });
    expect(matchRoute('/systems/%E0%A4%A')).toEqual({ name: 'system', id: '%E0%A4%A' });
    expect(matchRoute('/systems/ad/extra')).toEqual({ name: 'notFound' });
    expect(matchRoute('/nonsense')).toEqual({ name: 'notFound' });
  });
});
