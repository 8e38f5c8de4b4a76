/** Placeholder for `lifeboat plan`. */
export async function planCommand(_file: string, _opts: Record<string, unknown>): Promise<void> {}
