/** Resolves on the next turn of the event loop, after pending I/O: long work that awaits it lets other requests in. */
export const giveWay = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
