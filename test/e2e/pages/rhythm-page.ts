import type { Locator } from 'playwright-core';
import { PageModel } from '../support/page-model.js';

/** `/app/rhythm`: the reporting rules, a form for a new one, and ending one. */
export class RhythmPage extends PageModel {
  readonly path = '/app/rhythm';

  /** A rule's card by its title (`Varje dag kl. 14:00`). */
  rule(title: string): Locator {
    return this.page
      .getByRole('list', { name: /^(Stabsrytmens regler|The reporting rules)$/ })
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { name: new RegExp(`^${title}`) }) });
  }

  /** Adds a daily rule for every unit at a time of day. */
  async addDaily(time: string): Promise<void> {
    const form = this.page.getByRole('form', { name: /^(Ny regel|New rule)$/ });
    await form.getByRole('radio', { name: /^(Varje dag|Every day)$/ }).check();
    await form.getByLabel(/^(Klockslag|Time of day)/).fill(time);
    await form.getByRole('button', { name: /^(Lägg till regeln|Add the rule)$/ }).click();
    await form.getByText(/^(Regeln är tillagd\.|The rule has been added\.)$/).waitFor();
  }

  /** Ends a rule, confirming. */
  async end(title: string): Promise<void> {
    const card = this.rule(title);
    await card.getByRole('button', { name: /^(Avsluta regeln|End the rule)/ }).click();
    await card.getByRole('button', { name: /^(Ja, avsluta|Yes, end it)/ }).click();
  }
}
