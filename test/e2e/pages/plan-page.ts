import type { Locator } from 'playwright-core';
import { PageModel, WAIT_MS } from '../support/page-model.js';

/** The login page: e-mail, password, submit; ready when the form shows. */
export class PlanLoginPage extends PageModel {
  readonly path = '/app/login';

  /** Logs in and waits until the app has left the login page. */
  async logIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel(/^(E-postadress|E-mail address|Email)/i).fill(email);
    await this.page.getByLabel(/^(Lösenord|Password)/i).fill(password);
    await this.page.getByRole('button', { name: /^(Logga in|Log in)$/ }).click();
    await this.page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: WAIT_MS });
  }
}

/** The restart plan, /app/plan: summary, warnings, chain, table and timeline. */
export class PlanOverviewPage extends PageModel {
  readonly path = '/app/plan';

  /** Ready when the table in restart order has rows. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.rows().first().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The table in restart order. */
  table(): Locator {
    return this.page.getByRole('table', { name: /System i återstartsordning|Systems in restart order/ });
  }

  /** The table's body rows. */
  rows(): Locator {
    return this.table().locator('tbody tr');
  }

  /** The system names of the table, in restart order. */
  async systemsInOrder(): Promise<string[]> {
    return (await this.rows().locator('th').allTextContents()).map((s) => s.trim());
  }

  /** The summary value (likely, p50 or p90). */
  summary(which: 'makespan' | 'p50' | 'p90'): Locator {
    return this.page.getByTestId(`plan-${which}`);
  }

  /** The line saying what the forecast learned from the recovery so far (issue 11). */
  learned(): Locator {
    return this.page.getByTestId('learned');
  }

  /** "Where one more person helps most": the section, and its ranked teams once they have loaded. */
  advice(): Locator {
    return this.page.getByRole('region', {
      name: /^(Var en person till gör mest nytta|Where one more person helps most)$/,
    });
  }

  /** The ranked teams of the advice, best first (waits until the advice has loaded). */
  async adviceTeams(): Promise<Locator> {
    const list = this.advice().getByRole('list', { name: /^(Team rangordnade|Teams ranked)/ });
    await list.waitFor({ state: 'visible', timeout: WAIT_MS });
    return list.getByRole('listitem');
  }

  /** The timeline's bar links (each a link to its system). */
  timelineBars(): Locator {
    return this.page.locator('.timeline-svg a');
  }

  /** One system's row (a card on a phone), by the system's name. */
  row(name: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** The P50–P90 cell of a system. */
  expected(name: string): Locator {
    return this.row(name).getByRole('cell').filter({ hasText: /–/ }).first();
  }

  /** The timeline's bar of a system (a link named after it). */
  bar(name: string): Locator {
    return this.page
      .getByRole('region', { name: /^(Tidslinje per team|Timeline by team)$/ })
      .getByRole('link', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}, `) });
  }

  /** The detail drawn next to the focused bar. */
  callout(): Locator {
    return this.page.getByTestId('timeline-callout');
  }

  /** The link to one of the plan's views. */
  view(name: RegExp): Locator {
    return this.page.getByRole('navigation', { name: /vyer|views/i }).getByRole('link', { name });
  }
}

/** The dependency graph, /app/plan/graph; ready when the worker has laid it out. */
export class PlanGraphPage extends PageModel {
  readonly path = '/app/plan/graph';

  override async ready(): Promise<this> {
    await super.ready();
    await this.graph().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The drawn graph. */
  graph(): Locator {
    return this.page.getByTestId('dependency-graph');
  }

  /** The node links of the graph. */
  nodes(): Locator {
    return this.graph().locator('a');
  }

  /** The node of one system, by its accessible name (`Name, status`). */
  node(name: string | RegExp): Locator {
    return this.graph().getByRole('link', { name });
  }
}

/** The what-if, /app/plan/what-if. */
export class PlanWhatIfPage extends PageModel {
  readonly path = '/app/plan/what-if';

  override async ready(): Promise<this> {
    await super.ready();
    await this.compareButton().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The button that runs the comparison. */
  compareButton(): Locator {
    return this.page.getByRole('button', { name: /Jämför med planen|Compare with the plan/ });
  }

  /** The result's heading, where the focus goes after a comparison. */
  resultHeading(): Locator {
    return this.page.getByRole('heading', { level: 2, name: /^(Jämförelse|Comparison)$/ });
  }

  /** The comparison of the whole restart. */
  wholeTable(): Locator {
    return this.page.getByTestId('what-if-whole');
  }
}

/** A system's page with its "why not yet?" and "why before?" panels. */
export class SystemWhyPage extends PageModel {
  readonly path = '/app/systems';

  /** Opens one system's page and waits for both panels. */
  async open(id: string): Promise<this> {
    await this.goto(`/app/systems/${encodeURIComponent(id)}`);
    await this.whyNotYet().waitFor({ state: 'visible', timeout: WAIT_MS });
    await this.whyBefore().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** "Varför inte ännu?" */
  whyNotYet(): Locator {
    return this.page.getByTestId('why-not-yet');
  }

  /** "Varför före?" */
  whyBefore(): Locator {
    return this.page.getByTestId('why-before');
  }
}
