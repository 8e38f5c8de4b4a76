import type { Locator } from 'playwright-core';
import { emit, unitOfWork } from '../../../src/server/tx.js';
import type { E2E } from '../support/harness.js';
import { PageModel, WAIT_MS } from '../support/page-model.js';

/** `/app/coverage`: the deadline chooser, the list of units at one deadline, and (on a wide screen) the grid. */
export class CoveragePage extends PageModel {
  readonly path = '/app/coverage';

  /** The heading comes before the coverage is loaded: ready once the list of units at a deadline shows. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.list().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The list of units at the chosen deadline. */
  list(): Locator {
    return this.page.getByRole('list', { name: /^(Kontor och bolag vid|Offices and companies at)/ });
  }

  /** The card of a unit in the list of the chosen deadline. */
  unit(name: string): Locator {
    return this.list()
      .getByRole('listitem')
      .filter({
        has: this.page.getByRole('heading', { name, exact: true }),
      });
  }

  /** The state a unit's card shows in words (`Saknas`, `Rapporterat` …). */
  async unitState(name: string): Promise<string> {
    const card = this.unit(name);
    if ((await card.count()) === 0) return '';
    return ((await card.locator('.coverage-unit-state .coverage-state').first().textContent()) ?? '').trim();
  }

  /** The phone links of a unit's card. */
  callLinks(name: string): Locator {
    return this.unit(name).getByRole('link', { name: /^(Ring|Call) / });
  }

  /** Picks a deadline by (part of) its label. */
  async chooseDeadline(label: RegExp): Promise<void> {
    const select = this.page.getByLabel(/^(Rapporteringstillfälle|Deadline)$/);
    const options = await select.locator('option').allTextContents();
    const match = options.find((o) => label.test(o));
    if (!match) throw new Error(`no deadline like ${label} among ${options.join(' | ')}`);
    await select.selectOption({ label: match });
  }

  /** The grid of every unit at every deadline (shown on wide screens only). */
  grid(): Locator {
    return this.page.getByRole('table', { name: /^(Rapporter per|Reports by)/ });
  }

  /** A unit's states in the grid, one per deadline, in words. */
  async gridStates(name: string): Promise<string[]> {
    const row = this.grid()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
    return (await row.locator('.coverage-state').allTextContents()).map((s) => s.trim());
  }
}

/**
 * Stores a unit's submitted report as the reports API will, and announces it as that API does
 * (`report.changed` to the unit), so that open coverage pages follow. Until the reports API is merged the
 * browser test writes it here; the row holds only what coverage reads.
 */
export async function submitReportForTest(
  env: E2E,
  report: { id: string; incident_id: string; unit_id: string; cycle_at: string; submitted_at: string },
): Promise<void> {
  await unitOfWork({ db: env.db }, async (trx) => {
    await trx
      .insertInto('reports')
      .values({
        id: report.id,
        incident_id: report.incident_id,
        unit_id: report.unit_id,
        cycle_at: report.cycle_at,
        state: 'submitted',
        overall: 'affected',
        life_health_risk: 0,
        content: '{}',
        version: 1,
        first_submitted_at: report.submitted_at,
        submitted_at: report.submitted_at,
        submitted_by_user_id: null,
        late: report.submitted_at > report.cycle_at ? 1 : 0,
        created_at: report.submitted_at,
        updated_at: report.submitted_at,
      })
      .execute();
    await emit(trx, new Date(report.submitted_at), {
      type: 'report.changed',
      audience: { kind: 'unit', unit_id: report.unit_id },
      data: { report_id: report.id, unit_id: report.unit_id, cycle_at: report.cycle_at, state: 'submitted' },
    });
  });
}
