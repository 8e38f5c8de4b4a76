import { describe, expect, it } from 'vitest';
import { actualsFromChanges } from './actuals.js';

const H = 3_600_000;
const now = Date.UTC(2026, 10, 20, 12);

describe('actualsFromChanges', () => {
  it('takes the first restoring and the first limited or operational after it, in hours before now', () => {
    const got = actualsFromChanges(
      [
        { system_id: 'ad', status: 'operational', at: now - 2 * H },
        { system_id: 'ad', status: 'restoring', at: now - 10 * H },
        { system_id: 'ad', status: 'limited', at: now - 4 * H },
        { system_id: 'ad', status: 'restoring', at: now - 3 * H },
        { system_id: 'mail', status: 'restoring', at: now - 5 * H },
        { system_id: 'mail', status: 'verifying', at: now - 1 * H },
      ],
      now,
    );
    expect(got).toEqual({ ad: { started_h: -10, back_h: -4 }, mail: { started_h: -5, back_h: null } });
  });

  it('ignores what comes after now and a system back without ever restoring', () => {
    const got = actualsFromChanges(
      [
        { system_id: 'ad', status: 'restoring', at: now - H },
        { system_id: 'ad', status: 'operational', at: now + H },
        { system_id: 'web', status: 'operational', at: now - H },
      ],
      now,
    );
    expect(got).toEqual({ ad: { started_h: -1, back_h: null } });
  });
});
