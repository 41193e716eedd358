/**
 * Pure `Intl` formatting for the popup (and anything else that shows numbers or times).
 * No browser API: the caller passes the UI locale (`i18n.getUILanguage()`).
 * Formatters are cached per locale because building one costs far more than using it,
 * and the popup formats a few thousand values a second with many jobs.
 */

/** Below this, an estimate is shown as "finishing" rather than a number of seconds. */
export const FINISHING_MS = 5_000;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const localeCache = new Map<string, string>();

/** A locale tag `Intl` accepts; falls back to English for empty or malformed input. */
export function resolveLocale(locale: string): string {
  let resolved = localeCache.get(locale);
  if (resolved === undefined) {
    try {
      resolved = Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0] ?? 'en';
    } catch {
      resolved = 'en';
    }
    localeCache.set(locale, resolved);
  }
  return resolved;
}

const formatterCache = new Map<string, unknown>();

function cached<T>(key: string, make: () => T): T {
  let value = formatterCache.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    formatterCache.set(key, value);
  }
  return value;
}

type DurationUnit = 'second' | 'minute' | 'hour' | 'day';

const unitFormat = (locale: string, unit: DurationUnit): Intl.NumberFormat =>
  cached(`unit|${locale}|${unit}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }));

/** Whole percent, never rounded up to 100 before the job really is at 100. */
export function formatPercent(percent: number, locale: string): string {
  const loc = resolveLocale(locale);
  const clamped = Math.min(100, Math.max(0, percent));
  const whole = clamped >= 100 ? 100 : Math.floor(clamped);
  return cached(`pct|${loc}`, () => new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 })).format(
    whole / 100,
  );
}

/** A plain count in the user's digits and grouping ("1,234" / "1.234"). */
export function formatCount(count: number, locale: string): string {
  const loc = resolveLocale(locale);
  return cached(`int|${loc}`, () => new Intl.NumberFormat(loc, { maximumFractionDigits: 0 })).format(count);
}

/**
 * A rough duration for "about … left": one or two units, rounded so the text does not
 * flicker every second ("45 sec", "3 min", "1 hr 20 min", "2 days 4 hr").
 */
export function formatDuration(ms: number, locale: string): string {
  const loc = resolveLocale(locale);
  const value = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (value < MINUTE - 2.5 * SECOND) {
    // Steps of 5 s: an estimate is never more precise than that.
    const seconds = Math.max(5, Math.ceil(value / (5 * SECOND)) * 5);
    return unitFormat(loc, 'second').format(seconds);
  }
  const totalMinutes = Math.max(1, Math.round(value / MINUTE));
  if (totalMinutes < 60) return unitFormat(loc, 'minute').format(totalMinutes);
  if (value < DAY - 30 * SECOND) {
    const hours = Math.floor(totalMinutes / 60);
    const minutes = totalMinutes % 60;
    return joinUnits(loc, [
      [hours, 'hour'],
      [minutes, 'minute'],
    ]);
  }
  const totalHours = Math.round(value / HOUR);
  return joinUnits(loc, [
    [Math.floor(totalHours / 24), 'day'],
    [totalHours % 24, 'hour'],
  ]);
}

function joinUnits(locale: string, parts: readonly [number, DurationUnit][]): string {
  const texts = parts.filter(([amount]) => amount > 0).map(([amount, unit]) => unitFormat(locale, unit).format(amount));
  return cached(`list|${locale}`, () => new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' })).format(texts);
}

/**
 * How long ago something happened, from the elapsed milliseconds: "5 sec. ago",
 * "3 min. ago", "yesterday" (en) / "há 5 seg." (pt-BR). Always in the past; a clock that
 * went backwards counts as now.
 */
export function formatTimeAgo(elapsedMs: number, locale: string): string {
  const loc = resolveLocale(locale);
  const rtf = cached(`rel|${loc}`, () => new Intl.RelativeTimeFormat(loc, { style: 'short', numeric: 'auto' }));
  const elapsed = Number.isFinite(elapsedMs) ? Math.max(0, elapsedMs) : 0;
  if (elapsed < MINUTE) return rtf.format(-Math.floor(elapsed / SECOND), 'second');
  if (elapsed < HOUR) return rtf.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return rtf.format(-Math.floor(elapsed / HOUR), 'hour');
  return rtf.format(-Math.floor(elapsed / DAY), 'day');
}
