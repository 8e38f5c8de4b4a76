import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { may } from '../domain/access.js';
import { isLocale } from '../i18n/index.js';
import { ApiError, api, type Session, setCsrfToken, setUnauthorizedHandler } from './api.js';
import { Loading } from './components.js';
import { useLocale, useT } from './i18n.js';
import { LiveProvider, useLiveState } from './live.js';
import { AccountPage } from './pages/AccountPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { ChannelsPage } from './pages/channels/ChannelsPage.js';
import { DecisionsPage } from './pages/decisions/DecisionsPage.js';
import { ImportPage } from './pages/ImportPage.js';
import { InvitePage } from './pages/InvitePage.js';
import { BoardPage } from './pages/incident/BoardPage.js';
import { ExerciseBanner } from './pages/incident/ExerciseBanner.js';
import { IncidentPage, IncidentViewPage } from './pages/incident/IncidentPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { LogPage } from './pages/log/LogPage.js';
import { NewSystemPage } from './pages/NewSystemPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { NeedPage } from './pages/needs/NeedPage.js';
import { NeedsPage } from './pages/needs/NeedsPage.js';
import { NoticeEditorPage } from './pages/notices/NoticeEditorPage.js';
import { NoticePrintPage } from './pages/notices/NoticePrintPage.js';
import { NoticesPage } from './pages/notices/NoticesPage.js';
import { PublicServicesPage } from './pages/notices/PublicServicesPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { ApprovedPicturePage } from './pages/picture/ApprovedPicturePage.js';
import { PicturePage } from './pages/picture/PicturePage.js';
import { PlanPage } from './pages/plan/PlanPage.js';
import { ReportPage } from './pages/report/ReportPage.js';
import { SetupPage } from './pages/SetupPage.js';
import { SystemPage } from './pages/SystemPage.js';
import { SystemsPage } from './pages/SystemsPage.js';
import { CoveragePage } from './pages/situation/CoveragePage.js';
import { RhythmPage } from './pages/situation/RhythmPage.js';
import { TeamsPage } from './pages/TeamsPage.js';
import { ObligationsPage } from './pages/tasks/ObligationsPage.js';
import { TasksPage } from './pages/tasks/TasksPage.js';
import { UnitPage } from './pages/UnitPage.js';
import { UnitsPage } from './pages/UnitsPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { WebhooksPage } from './pages/webhooks/WebhooksPage.js';
import { canReadAll } from './permissions.js';
import { Link, matchRoute, navigate, type Route, usePath } from './router.js';
import { type AuthState, SessionContext, useSession } from './session.js';

// The live stream (`GET /api/events`, src/server/live/): pages reload what others change.
const LIVE_STREAM = true;

const PUBLIC_ROUTES: readonly Route['name'][] = ['setup', 'invite', 'login'];
const NEXT_KEY = 'lifeboat.next';
// Set while this browser believes it has a session: without it the UI does not ask `me`,
// so a first visit makes no request that fails (a 401 is noise in the console and in tests).
const SIGNED_IN_KEY = 'lifeboat.signedIn';

function rememberSignedIn(on: boolean): void {
  try {
    if (on) window.localStorage.setItem(SIGNED_IN_KEY, '1');
    else window.localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Without storage the UI simply asks the server every time.
  }
}

function maybeSignedIn(): boolean {
  try {
    return window.localStorage.getItem(SIGNED_IN_KEY) !== null;
  } catch {
    return true;
  }
}

/** The whole staff UI: session, header, navigation and the current page. */
export function App() {
  const [auth, setAuth] = useState<AuthState>({ status: 'loading' });
  const { locale, setLocale } = useLocale();
  const path = usePath();
  const route = matchRoute(path);

  const signedIn = useCallback(
    (session: Session) => {
      setCsrfToken(session.csrf_token ?? '');
      rememberSignedIn(true);
      if (session.totp === 'ok' && isLocale(session.user.locale)) setLocale(session.user.locale);
      setAuth(session.totp === 'ok' ? { status: 'ok', session } : { status: 'pending', session });
    },
    [setLocale],
  );

  const toAnonymous = useCallback(async () => {
    setCsrfToken('');
    rememberSignedIn(false);
    const setupNeeded = await api.setupNeeded().then(
      (r) => r.needed,
      () => false,
    );
    setAuth({ status: 'anonymous', setupNeeded });
  }, []);

  const refresh = useCallback(async () => {
    try {
      signedIn(await api.me());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await toAnonymous();
      else setAuth({ status: 'anonymous', setupNeeded: false });
    }
  }, [signedIn, toAnonymous]);

  useEffect(() => {
    if (maybeSignedIn()) void refresh();
    else void toAnonymous();
  }, [refresh, toAnonymous]);

  // A lost session or a pending second factor sends the visitor back to the login page.
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    setUnauthorizedHandler((code) => {
      if (code === 'totp_required') void refreshRef.current();
      else void toAnonymous();
    });
    return () => setUnauthorizedHandler(null);
  }, [toAnonymous]);

  const signedOut = useCallback(() => {
    // Anonymous at once: a page still believing itself signed in would load data (and log the 401s).
    setAuth({ status: 'anonymous', setupNeeded: false });
    void toAnonymous();
    navigate('/login');
  }, [toAnonymous]);

  const isPublic = PUBLIC_ROUTES.includes(route.name);
  const role = auth.status === 'ok' ? auth.session.user.role : null;
  useEffect(() => {
    if (auth.status === 'loading') return;
    if (auth.status !== 'ok' && !isPublic) {
      try {
        window.sessionStorage.setItem(NEXT_KEY, path);
      } catch {
        // Without storage the visitor simply lands on the overview after login.
      }
      navigate('/login', { replace: true });
    } else if (auth.status === 'ok' && route.name === 'login') {
      let next = '/';
      try {
        next = window.sessionStorage.getItem(NEXT_KEY) ?? '/';
        window.sessionStorage.removeItem(NEXT_KEY);
      } catch {
        next = '/';
      }
      // A reporter comes to report: the form is its landing page.
      const landing = role === 'reporter' ? '/report' : '/';
      navigate(next.startsWith('/') && next !== '/login' && next !== '/' ? next : landing, { replace: true });
    }
  }, [auth.status, isPublic, path, route.name, role]);

  const sessionApi = useMemo(() => ({ auth, signedIn, refresh, signedOut }), [auth, signedIn, refresh, signedOut]);

  // Remember the language on the account too, when someone is signed in.
  const changeLocale = useCallback(() => {
    const next = locale === 'sv' ? 'en' : 'sv';
    setLocale(next);
    if (auth.status === 'ok') {
      api.updateMe({ locale: next }).then(
        ({ user }) => setAuth({ status: 'ok', session: { ...auth.session, user } }),
        () => {},
      );
    }
  }, [locale, setLocale, auth]);

  return (
    <SessionContext.Provider value={sessionApi}>
      <LiveProvider enabled={LIVE_STREAM && auth.status === 'ok' && auth.session.totp === 'ok'}>
        <Shell route={route} auth={auth} onToggleLocale={changeLocale}>
          {auth.status === 'loading' || (auth.status !== 'ok' && !isPublic) ? <Loading /> : <Page route={route} />}
        </Shell>
      </LiveProvider>
    </SessionContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'setup':
      return <SetupPage />;
    case 'invite':
      return <InvitePage />;
    case 'login':
      return <LoginPage />;
    case 'overview':
      return <OverviewPage />;
    case 'systems':
      return <SystemsPage />;
    case 'systemNew':
      return <NewSystemPage />;
    case 'system':
      return <SystemPage key={route.id} id={route.id} />;
    case 'units':
      return <UnitsPage />;
    case 'unit':
      return <UnitPage key={route.id} id={route.id} />;
    case 'teams':
      return <TeamsPage />;
    case 'import':
      return <ImportPage />;
    case 'users':
      return <UsersPage />;
    case 'audit':
      return <AuditPage />;
    case 'channels':
      return <ChannelsPage />;
    case 'account':
      return <AccountPage />;
    case 'plan':
      return <PlanPage view="overview" />;
    case 'planGraph':
      return <PlanPage view="graph" />;
    case 'planWhatIf':
      return <PlanPage view="whatIf" />;
    case 'tasks':
      return <TasksPage />;
    case 'needs':
      return <NeedsPage />;
    case 'need':
      return <NeedPage key={route.id} id={route.id} />;
    case 'obligations':
      return <ObligationsPage />;
    case 'report':
      return <ReportPage />;
    case 'coverage':
      return <CoveragePage />;
    case 'rhythm':
      return <RhythmPage />;
    case 'notices':
      return <NoticesPage />;
    case 'notice':
      return <NoticeEditorPage key={route.id} id={route.id} />;
    case 'noticePrint':
      return <NoticePrintPage key={route.id} id={route.id} />;
    case 'publicServices':
      return <PublicServicesPage />;
    case 'decisions':
      return <DecisionsPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'log':
      return <LogPage />;
    case 'board':
      return <BoardPage />;
    case 'incident':
      return <IncidentPage />;
    case 'incidentView':
      return <IncidentViewPage key={route.id} id={route.id} />;
    case 'picture':
      return <PicturePage />;
    case 'pictureView':
      return <ApprovedPicturePage key={route.id} id={route.id} />;
    default:
      return <NotFoundPage />;
  }
}

function Shell({
  route,
  auth,
  onToggleLocale,
  children,
}: {
  route: Route;
  auth: AuthState;
  onToggleLocale: () => void;
  children: React.ReactNode;
}) {
  const t = useT();
  const { locale } = useLocale();
  const user = auth.status === 'ok' ? auth.session.user : null;
  const { signedOut } = useSession();
  const logout = async () => {
    await api.logout().catch(() => {});
    signedOut();
  };
  const section = sectionOf(route);
  type NavItem = { to: string; key: Parameters<typeof t>[0]; section: string };
  const item = (to: string, key: NavItem['key'], show = true): NavItem[] =>
    show ? [{ to, key, section: to === '/' ? 'overview' : to.slice(1) }] : [];
  const role = user?.role;
  const all = role ? canReadAll(role) : false;
  // Grouped as a crisis staff works: what is happening, getting systems back, the record, talking to
  // the public, and running Lifeboat itself. Groups a role sees nothing of are left out.
  const groups: { key: Parameters<typeof t>[0]; items: NavItem[] }[] = role
    ? [
        {
          key: 'nav.group.situation' as const,
          items: [
            ...item('/', 'nav.overview'),
            ...item('/report', 'nav.report', may(role, 'report.write')),
            ...item('/picture', 'nav.picture', all),
            ...item('/coverage', 'nav.coverage', all),
            ...item('/needs', 'nav.needs'),
            ...item('/rhythm', 'nav.rhythm', may(role, 'rhythm.manage')),
          ],
        },
        {
          key: 'nav.group.recovery' as const,
          items: [
            ...item('/board', 'nav.board', all),
            ...item('/systems', 'nav.systems'),
            ...item('/plan', 'nav.plan', role !== 'reporter'),
            ...item('/teams', 'nav.teams'),
          ],
        },
        {
          key: 'nav.group.record' as const,
          items: [
            ...item('/incident', 'nav.incident', all),
            ...item('/log', 'nav.log', all),
            ...item('/decisions', 'nav.decisions', all),
            ...item('/tasks', 'nav.tasks'),
            ...item('/obligations', 'nav.obligations', all),
          ],
        },
        {
          key: 'nav.group.public' as const,
          items: [
            ...item('/notices', 'nav.notices', all),
            ...item('/webhooks', 'nav.webhooks', may(role, 'notice.write')),
          ],
        },
        {
          key: 'nav.group.admin' as const,
          items: [
            ...item('/units', 'nav.units'),
            ...item('/import', 'nav.import', all),
            ...item('/users', 'nav.users', role === 'admin'),
            ...item('/audit', 'nav.audit', role === 'admin'),
            ...item('/channels', 'nav.channels', role === 'admin'),
            ...item('/account', 'nav.account'),
          ],
        },
      ].filter((g) => g.items.length > 0)
    : [];
  const nav = groups.flatMap((g) => g.items);
  const other = locale === 'sv' ? 'en' : 'sv';
  const navRef = useRef<HTMLElement>(null);
  // On a phone the menu is one scrolling row: bring the current page's entry into sight.
  const currentEntry = nav.find((item) => item.section === section)?.to;
  useEffect(() => {
    if (!currentEntry) return;
    navRef.current?.querySelector('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [currentEntry]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          {user ? (
            <Link to="/" className="brand">
              {t('app.name')}
            </Link>
          ) : (
            <span className="brand">{t('app.name')}</span>
          )}
          <span className="tagline">{t('app.tagline')}</span>
          <div className="header-tools">
            <button type="button" className="link-button" lang={other} onClick={onToggleLocale}>
              {t('lang.switchTo')}
            </button>
            {user ? (
              <>
                <LiveIndicator />
                <span className="signed-in">{t('nav.signedInAs', { name: user.name })}</span>
                <button type="button" className="link-button" onClick={logout}>
                  {t('nav.logout')}
                </button>
              </>
            ) : null}
          </div>
        </div>
      </header>
      <div className={nav.length ? 'app-body with-nav' : 'app-body'}>
        {nav.length ? (
          <nav aria-label={t('nav.label')} className="main-nav" ref={navRef}>
            {groups.map((group) => (
              <div className="nav-group" key={group.key}>
                <span className="nav-group-label" id={`nav-${group.key}`}>
                  {t(group.key)}
                </span>
                <ul aria-labelledby={`nav-${group.key}`}>
                  {group.items.map((entry) => (
                    <li key={entry.to}>
                      <Link to={entry.to} aria-current={entry.section === section ? 'page' : undefined}>
                        {t(entry.key)}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
        ) : null}
        <div className="app-content">
          {user ? <ExerciseBanner path={route.name} /> : null}
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </div>
      </div>
    </>
  );
}

// Whether what the page shows is live: a crisis staff must not mistake a stale page for a quiet one.
function LiveIndicator() {
  const t = useT();
  const state = useLiveState();
  if (state === 'off') return null;
  return (
    <span className={`live-state live-${state}`} role="status">
      {t(`live.${state}`)}
    </span>
  );
}

function sectionOf(route: Route): string {
  switch (route.name) {
    case 'system':
    case 'systemNew':
      return 'systems';
    case 'unit':
      return 'units';
    case 'planGraph':
    case 'planWhatIf':
      return 'plan';
    case 'incidentView':
      return 'incident';
    case 'pictureView':
      return 'picture';
    case 'need':
      return 'needs';
    case 'notice':
    case 'noticePrint':
    case 'publicServices':
      return 'notices';
    default:
      return route.name;
  }
}
