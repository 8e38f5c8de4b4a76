import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** The tasks, /app/tasks: the list as cards, the filter, the new task form and the report back forms. */
export class TasksPage extends AppPage {
  readonly path = '/app/tasks';
  protected readonly title = /^(Uppdrag|Tasks)$/;

  /** One task's card, by its title. */
  card(title: string): Locator {
    return this.page.getByRole('list', { name: /^(Uppdragen|The tasks)$/ }).getByRole('listitem', { name: title });
  }

  /** The words of a task's state as its card shows them (Öppet, Försenat, Återrapporterat ...). */
  async state(title: string): Promise<string> {
    const badge = this.card(title).locator('.task-status');
    await badge.waitFor({ state: 'visible', timeout: WAIT_MS });
    return ((await badge.textContent()) ?? '').trim();
  }

  /** Shows all, my or the overdue tasks. */
  async show(which: 'Alla uppdrag' | 'Mina uppdrag' | 'Försenade uppdrag'): Promise<void> {
    await this.page.getByLabel('Visa', { exact: true }).selectOption({ label: which });
  }

  /** Creates a task for a person or unit (by the name in the list), due at a wall-clock time of the organisation. */
  async create(task: { title: string; description?: string; assignee: string; due?: string }): Promise<void> {
    await this.page.getByLabel('Rubrik', { exact: true }).fill(task.title);
    if (task.description) await this.page.getByLabel('Beskrivning', { exact: true }).fill(task.description);
    await this.page.getByLabel('Till vem', { exact: true }).selectOption({ label: task.assignee });
    if (task.due) await this.page.getByLabel('Återrapportera senast', { exact: true }).fill(task.due);
    await this.page.getByRole('button', { name: 'Skapa uppdrag' }).click();
    await this.card(task.title).waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** Reports a task back from its card and waits until the card says so. */
  async reportBack(title: string, text: string): Promise<void> {
    const card = this.card(title);
    await card.getByLabel('Återrapportering', { exact: true }).fill(text);
    await card.getByRole('button', { name: 'Återrapportera' }).click();
    await card.getByText(text, { exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });
  }
}

/** The reporting obligations, /app/obligations: deadlines with time left, and marking one sent. */
export class ObligationsPage extends AppPage {
  readonly path = '/app/obligations';
  protected readonly title = /^(Rapporteringsplikter|Reporting obligations)$/;

  /** One obligation's card, by its title. */
  card(title: string): Locator {
    return this.page
      .getByRole('list', { name: /^(Rapporteringsplikterna|The reporting obligations)$/ })
      .getByRole('listitem', { name: new RegExp(`^${title}`) });
  }

  /** The words of an obligation's state on its card. */
  async state(title: string): Promise<string> {
    const badge = this.card(title).locator('.task-status');
    await badge.waitFor({ state: 'visible', timeout: WAIT_MS });
    return ((await badge.textContent()) ?? '').trim();
  }

  /** Marks an obligation sent with a note and waits until its card says who sent it. */
  async markSent(title: string, note: string): Promise<void> {
    const card = this.card(title);
    await card.getByLabel('Referens eller notering').fill(note);
    await card.getByRole('button', { name: /^Markera skickad/ }).click();
    await card.getByText(note).waitFor({ state: 'visible', timeout: WAIT_MS });
  }
}
