/** Placeholder for `lifeboat import`. */
export async function importCommand(_file: string, _opts: Record<string, unknown>): Promise<void> {}
/** Placeholder for `lifeboat export`. */
export async function exportCommand(_opts: Record<string, unknown>): Promise<void> {}
