import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words of the board's columns, in Swedish. */
export type NeedColumn = 'Nytt' | 'Accepterat' | 'Pågår' | 'Uppfyllt' | 'Avslaget';
const COLUMNS: readonly NeedColumn[] = ['Nytt', 'Accepterat', 'Pågår', 'Uppfyllt', 'Avslaget'];

/** The needs, /app/needs: the triage board (columns by status) for staff, a list for a unit's reporter, and the form. */
export class NeedsBoardPage extends AppPage {
  readonly path = '/app/needs';
  protected readonly title = /^(Behov|Needs)$/;

  /** Ready when the needs have loaded: the board's counts, or a reporter's list (or that it is empty). */
  override async ready(): Promise<this> {
    await super.ready();
    await this.page
      .getByRole('region', { name: /^(Antal per status|Count per status)$/ })
      .or(this.page.getByRole('list', { name: /^(Behoven|The needs)$/ }))
      .or(this.page.getByText(/^(Inga behov att visa\.|No needs to show\.)$/))
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** A column of the board, by its status's words. */
  column(name: NeedColumn): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${name} \\(\\d+\\)$`) });
  }

  /** One need's card wherever it stands, by its title. */
  card(title: string): Locator {
    return this.page.getByRole('listitem', { name: title, exact: true });
  }

  /** The column a need's card stands in now, or null when it is on none. */
  async columnOf(title: string): Promise<NeedColumn | null> {
    for (const name of COLUMNS) {
      if ((await this.column(name).getByRole('listitem', { name: title, exact: true }).count()) > 0) return name;
    }
    return null;
  }

  /** The count a column's heading shows. */
  async count(name: NeedColumn): Promise<number> {
    const text = (await this.column(name).getByRole('heading', { level: 2 }).textContent()) ?? '';
    return Number(/\((\d+)\)/.exec(text)?.[1] ?? Number.NaN);
  }

  /** A button of a card, named by its action and the need's title (a visually hidden ": title"). */
  private button(title: string, action: string): Locator {
    return this.card(title).getByRole('button', { name: new RegExp(`^${literal(action)}\\s*: ${literal(title)}$`) });
  }

  /** Presses one of a card's buttons (Acceptera, Påbörja, Markera uppfyllt). */
  async act(title: string, button: 'Acceptera' | 'Påbörja' | 'Markera uppfyllt'): Promise<void> {
    await this.button(title, button).click();
  }

  /** Opens a card's disclosure of declining and assigning. */
  private async more(title: string): Promise<Locator> {
    const card = this.card(title);
    const details = card.locator('details.need-more');
    if ((await details.getAttribute('open')) === null) await card.getByText('Avslå eller ge ansvar').click();
    return card;
  }

  /** Gives a need an owner from its card. */
  async assign(title: string, owner: string): Promise<void> {
    const card = await this.more(title);
    await card.getByLabel('Ansvarig', { exact: true }).selectOption({ label: owner });
    await this.button(title, 'Ge ansvar').click();
    await card.getByText(`Ansvarig: ${owner}`).waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** Declines a need from its card, with the reason. */
  async decline(title: string, reason: string): Promise<void> {
    const card = await this.more(title);
    await card.getByLabel('Varför avslås det?', { exact: true }).fill(reason);
    await this.button(title, 'Avslå').click();
  }

  /** Shows only one status (the phone's way of reading the board), or all with null. */
  async showStatus(name: NeedColumn | null): Promise<void> {
    const value =
      name === null ? '' : (['new', 'accepted', 'in_progress', 'fulfilled', 'declined'][COLUMNS.indexOf(name)] ?? '');
    await this.page.getByLabel('Status', { exact: true }).selectOption({ value });
  }

  /** Raises a need with the form at the bottom of the page and waits for its confirmation. */
  async raise(need: { unit?: string; title: string; category: string; urgency: string; systems?: string[] }) {
    if (need.unit)
      await this.page.getByLabel('För kontor eller bolag', { exact: true }).selectOption({ label: need.unit });
    await this.page.getByLabel('Vad behövs?', { exact: true }).fill(need.title);
    await this.page.getByLabel('Slag av stöd', { exact: true }).selectOption({ label: need.category });
    await this.page.getByLabel('Hur brådskande', { exact: true }).selectOption({ label: need.urgency });
    for (const system of need.systems ?? []) await this.page.getByLabel(system, { exact: true }).check();
    await this.page.getByRole('button', { name: 'Anmäl behovet' }).click();
    await this.page.getByText(`Behovet ”${need.title}” är anmält.`).waitFor({ state: 'visible', timeout: WAIT_MS });
  }
}

/** One need, /app/needs/:id: its facts, the staff's actions, a note, and its log. */
export class NeedDetailPage extends AppPage {
  readonly path = '/app/needs';
  protected readonly title = /^(Behov|Need): /;

  /** The entries of the need's log, as text. */
  async log(): Promise<string[]> {
    const list = this.page.getByRole('region', { name: /^(Logg|Log)$/ }).locator('ol > li');
    return (await list.allTextContents()).map((s) => s.trim());
  }

  /** Adds a note and waits for it in the log. */
  async addNote(text: string): Promise<void> {
    await this.page.getByLabel('Anteckning', { exact: true }).fill(text);
    await this.page.getByRole('button', { name: 'Lägg till anteckningen' }).click();
    await this.page
      .getByRole('region', { name: 'Logg' })
      .getByText(text, { exact: true })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
  }
}
