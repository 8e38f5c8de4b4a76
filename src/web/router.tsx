import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/** Where the staff UI lives on the server. */
export const BASE = '/app';
const EVENT = 'lifeboat:navigate';

let clientNavigations = 0;

/** The path inside the app, e.g. `/systems/ad` for `/app/systems/ad`. */
export function appPath(pathname: string = window.location.pathname): string {
  if (!pathname.startsWith(BASE)) return '/';
  const rest = pathname.slice(BASE.length) || '/';
  return rest.length > 1 && rest.endsWith('/') ? rest.slice(0, -1) : rest;
}

/** Goes to an app path (`/systems`) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = `${BASE}${to === '/' ? '/' : to}`;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  clientNavigations++;
  window.dispatchEvent(new Event(EVENT));
}

/** True once the user has moved between pages in this tab (then focus goes to the new h1). */
export function hasNavigated(): boolean {
  return clientNavigations > 0;
}

function subscribe(callback: () => void): () => void {
  const onPop = () => {
    clientNavigations++;
    callback();
  };
  window.addEventListener('popstate', onPop);
  window.addEventListener(EVENT, callback);
  return () => {
    window.removeEventListener('popstate', onPop);
    window.removeEventListener(EVENT, callback);
  };
}

/** The current app path; re-renders on every navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => appPath());
}

/** A route and its parameters. */
export type Route =
  | { name: 'overview' }
  | { name: 'setup' }
  | { name: 'invite' }
  | { name: 'login' }
  | { name: 'systems' }
  | { name: 'systemNew' }
  | { name: 'system'; id: string }
  | { name: 'units' }
  | { name: 'unit'; id: string }
  | { name: 'teams' }
  | { name: 'import' }
  | { name: 'users' }
  | { name: 'audit' }
  | { name: 'channels' }
  | { name: 'account' }
  | { name: 'plan' }
  | { name: 'planGraph' }
  | { name: 'planWhatIf' }
  | { name: 'tasks' }
  | { name: 'needs' }
  | { name: 'need'; id: string }
  | { name: 'obligations' }
  | { name: 'report' }
  | { name: 'coverage' }
  | { name: 'rhythm' }
  | { name: 'notices' }
  | { name: 'notice'; id: string }
  | { name: 'noticePrint'; id: string }
  | { name: 'publicServices' }
  | { name: 'decisions' }
  | { name: 'webhooks' }
  | { name: 'log' }
  | { name: 'board' }
  | { name: 'incident' }
  | { name: 'incidentView'; id: string }
  | { name: 'picture' }
  | { name: 'pictureView'; id: string }
  | { name: 'notFound' };

const STATIC: Record<string, Route['name']> = {
  '/': 'overview',
  '/setup': 'setup',
  '/invite': 'invite',
  '/login': 'login',
  '/systems': 'systems',
  // Before `/systems/:id` matching, so that "new" is never taken for an id.
  '/systems/new': 'systemNew',
  '/units': 'units',
  '/teams': 'teams',
  '/import': 'import',
  '/users': 'users',
  '/audit': 'audit',
  '/channels': 'channels',
  '/account': 'account',
  '/plan': 'plan',
  '/plan/graph': 'planGraph',
  '/plan/what-if': 'planWhatIf',
  '/tasks': 'tasks',
  '/needs': 'needs',
  '/obligations': 'obligations',
  '/report': 'report',
  '/coverage': 'coverage',
  '/rhythm': 'rhythm',
  '/notices': 'notices',
  '/public-services': 'publicServices',
  '/decisions': 'decisions',
  '/webhooks': 'webhooks',
  '/log': 'log',
  '/board': 'board',
  '/incident': 'incident',
  '/picture': 'picture',
};

/** Matches an app path to a route. */
export function matchRoute(path: string): Route {
  const fixed = STATIC[path];
  if (fixed) return { name: fixed } as Route;
  const detail = /^\/(systems|units)\/([^/]+)$/.exec(path);
  if (detail) {
    const id = safeDecode(detail[2]);
    return detail[1] === 'systems' ? { name: 'system', id } : { name: 'unit', id };
  }
  const need = /^\/needs\/([^/]+)$/.exec(path);
  if (need) return { name: 'need', id: safeDecode(need[1]) };
  const notice = /^\/notices\/([^/]+)(\/print)?$/.exec(path);
  if (notice) return { name: notice[2] ? 'noticePrint' : 'notice', id: safeDecode(notice[1] ?? '') };
  const incident = /^\/incidents\/([^/]+)$/.exec(path);
  if (incident) return { name: 'incidentView', id: safeDecode(incident[1]) };
  const picture = /^\/pictures\/([^/]+)$/.exec(path);
  if (picture) return { name: 'pictureView', id: safeDecode(picture[1]) };
  return { name: 'notFound' };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The href of an app path. */
export function href(to: string): string {
  return `${BASE}${to}`;
}

/** An ordinary link that navigates inside the app without a reload (modifier keys still open tabs). */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={href(to)} onClick={handle} {...rest} />;
}
