import type { Locator } from 'playwright-core';
import { AppPage } from './app-page.js';

/** The outgoing channels, /app/channels: a card per channel with its test-send, and the queue. */
export class ChannelsPage extends AppPage {
  readonly path = '/app/channels';
  protected readonly title = /^(Utgående kanaler|Outgoing channels)$/;

  /** One channel's card, by its heading ("E-post", "SMS", "Webhook"). */
  card(name: RegExp): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { level: 3, name }) });
  }

  /** Sends a test through a channel's form: its field found by label, its button by name. */
  async testSend(field: RegExp, button: RegExp, recipient: string): Promise<void> {
    await this.page.getByLabel(field).fill(recipient);
    await this.page.getByRole('button', { name: button }).click();
  }

  /** The queue's table. */
  queue(): Locator {
    return this.page.getByRole('table', { name: /^(Senaste meddelanden|Latest messages)$/ });
  }

  /** The queue's row for a recipient. */
  row(recipient: string): Locator {
    return this.queue().getByRole('row').filter({ hasText: recipient });
  }
}
