import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { SystemPage } from './system-page.js';

/** A system's page seen through its status control and security gates panel. */
export class SystemGatesPage extends SystemPage {
  /** Ready when the gates panel has loaded its gates too. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.gatesRegion()
      .getByRole('list')
      .or(this.gatesRegion().getByText(/^(Systemet har inga|This system has no)/))
      .first()
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The status control ("Ändra status" / "Change status"). */
  statusRegion(): Locator {
    return this.page.getByRole('region', { name: /^(Ändra status|Change status)$/ });
  }

  /** The gates panel ("Säkerhetskontroller" / "Security gates"). */
  gatesRegion(): Locator {
    return this.page.getByRole('region', { name: /^(Säkerhetskontroller|Security gates)$/ });
  }

  /** One gate's item, by its name as shown. */
  gate(name: string): Locator {
    return this.gatesRegion()
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { level: 3, name: new RegExp(`^${name}\\b`) }) });
  }

  /** The state of a gate in words. */
  async gateState(name: string): Promise<string> {
    return ((await this.gate(name).locator('.gate-state').textContent()) ?? '').trim();
  }

  /** Asks for a new status with the control. */
  async changeStatus(label: string): Promise<void> {
    await this.statusRegion()
      .getByLabel(/^(Ny status|New status)$/)
      .selectOption({ label });
    await this.statusRegion()
      .getByRole('button', { name: /^(Ändra status|Change status)$/ })
      .click();
  }

  /** The names the refusal lists under a heading ("Kontroller som återstår", "Beroenden som inte är tillbaka"). */
  async blocking(heading: RegExp): Promise<string[]> {
    const alert = this.statusRegion().locator('.status-blocked');
    await alert.waitFor({ state: 'visible', timeout: WAIT_MS });
    const list = alert.getByRole('heading', { level: 3, name: heading }).locator('xpath=following-sibling::ul[1]');
    return (await list.getByRole('link').allTextContents()).map((s) => s.trim());
  }

  /** Passes a gate with its evidence and waits for the confirmation. */
  async pass(name: string, evidence: string): Promise<void> {
    await this.gate(name)
      .getByRole('button', { name: new RegExp(`^(Godkänn|Pass): ${name}$`) })
      .click();
    await this.gate(name)
      .getByLabel(new RegExp(`^(Bevis för|Evidence for) ${name}$`))
      .fill(evidence);
    await this.gate(name)
      .getByRole('button', { name: /^(Spara godkännande|Record the pass)$/ })
      .click();
    await this.gatesRegion().getByRole('status').getByText(`${name}:`, { exact: false }).waitFor({ timeout: WAIT_MS });
  }

  /** Waives a gate with a reason and waits for the confirmation. */
  async waive(name: string, reason: string): Promise<void> {
    await this.gate(name)
      .getByRole('button', { name: new RegExp(`^(Undanta|Waive): ${name}$`) })
      .click();
    await this.gate(name)
      .getByLabel(new RegExp(`^(Skäl att undanta|Reason to waive) ${name}$`))
      .fill(reason);
    await this.gate(name)
      .getByRole('button', { name: /^(Spara undantag|Record the waiver)$/ })
      .click();
    await this.gatesRegion().getByRole('status').getByText(`${name}: `, { exact: false }).waitFor({ timeout: WAIT_MS });
  }

  /** The status now shown by the control. */
  async currentStatus(): Promise<string> {
    return ((await this.statusRegion().locator('.status').first().textContent()) ?? '').trim();
  }
}
