/**
 * The slice of the `chrome` / `browser` extension API that harness code calls inside
 * `evaluate(...)`. Only types: the functions run in the browser, so they reach the API as
 * `(globalThis as unknown as ExtensionGlobal).chrome` and must not close over Node values.
 * (Keep those callbacks free of inner named functions too: tsx's keepNames would wrap them in a
 * `__name` helper that does not exist in the page.)
 */

interface ExtensionEvent<L> {
  addListener(listener: L): void;
}

export interface NotificationOptions {
  type: string;
  iconUrl?: string;
  title: string;
  message: string;
}

export interface NotificationsApi {
  create(id: string, options: NotificationOptions): Promise<string>;
  getAll(): Promise<Record<string, unknown>>;
  clear(id: string): Promise<boolean>;
  onClosed: ExtensionEvent<(id: string, byUser: boolean) => void>;
  /** Firefox only. */
  onShown?: ExtensionEvent<(id: string) => void>;
}

export interface ExtensionApi {
  runtime: {
    id: string;
    sendMessage(message: unknown): Promise<unknown>;
    getURL(path: string): string;
    /** Firefox (event page): its window. */
    getBackgroundPage(): Promise<Window & { browser: ExtensionApi }>;
  };
  storage: {
    local: {
      get(keys: null | string | string[]): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
    };
  };
  action: {
    getBadgeText(details: object): Promise<string>;
    getBadgeBackgroundColor(details: object): Promise<number[]>;
    getTitle(details: object): Promise<string>;
  };
  alarms: { get(name: string): Promise<{ name: string; periodInMinutes?: number } | undefined> };
  notifications: NotificationsApi;
  i18n: { getUILanguage(): string; getMessage(name: string): string };
}

export interface ExtensionGlobal {
  chrome: ExtensionApi;
  browser: ExtensionApi;
}

export interface BadgeState {
  text: string;
  title: string;
  /** [r, g, b, a], 0-255 */
  color: number[];
}
