const taken = new Map<string, string>();

/**
 * Reads the one-time token from the URL fragment and removes it from the address bar,
 * so that it is neither bookmarked nor shown over someone's shoulder. Repeated calls
 * for the same page (React may run initialisers twice) get the same token.
 */
export function takeTokenFromHash(): string {
  const path = window.location.pathname;
  const token = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (token) {
    taken.set(path, token);
    window.history.replaceState(null, '', path + window.location.search);
    return token;
  }
  return taken.get(path) ?? '';
}
