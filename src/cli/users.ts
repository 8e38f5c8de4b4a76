/** Placeholder for `lifeboat user add`. */
export async function userAddCommand(_email: string, _opts: Record<string, unknown>): Promise<void> {}
/** Placeholder for `lifeboat token create`. */
export async function tokenCreateCommand(_email: string, _opts: Record<string, unknown>): Promise<void> {}
