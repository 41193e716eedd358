/**
 * A `document.cookie` backed by localStorage (sign-in.md "The token cache trap"): MSAL keeps the
 * key of its encrypted localStorage cache in a `Secure` session cookie, which Chrome extension
 * pages drop, so every new offscreen document would lose the cache. Offscreen documents have
 * localStorage (reason LOCAL_STORAGE) and it survives them, so the cookie lives next to the cache
 * it unlocks. Install before constructing MSAL. Session cookies never end here (no browser
 * session to end with); an `expires` in the past deletes, like a real cookie jar.
 */
export const COOKIE_SHIM_KEY = 'copy-progress.cookies';

export function installCookieShim(doc: Document, storage: Storage): void {
  const read = (): Record<string, string> => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(COOKIE_SHIM_KEY) ?? '{}');
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  Object.defineProperty(doc, 'cookie', {
    configurable: true,
    get: () =>
      Object.entries(read())
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    set: (text: string) => {
      const [pair = '', ...attributes] = String(text).split(';');
      const eq = pair.indexOf('=');
      const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
      if (name === '') return;
      const value = eq === -1 ? '' : pair.slice(eq + 1).trim();
      const expires = attributes
        .map((a) => a.trim())
        .find((a) => a.toLowerCase().startsWith('expires='))
        ?.slice('expires='.length);
      const jar = read();
      if (expires !== undefined && Date.parse(expires) <= Date.now()) delete jar[name];
      else jar[name] = value;
      storage.setItem(COOKIE_SHIM_KEY, JSON.stringify(jar));
    },
  });
}
