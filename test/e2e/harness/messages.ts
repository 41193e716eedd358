import en from '../../../public/_locales/en/messages.json';
import pt from '../../../public/_locales/pt_BR/messages.json';

/**
 * The extension's own locale strings, so tests expect exactly what the popup, badge and
 * notifications say (and break when a string is missing, not when it is reworded).
 */

type Messages = Record<string, { message: string }>;

/** A locale message with its $PLACEHOLDERS$ filled in order, as i18n.getMessage does. */
function message(messages: Messages, key: string, subs: string[]): string {
  const text = messages[key]?.message;
  if (text === undefined) throw new Error(`no message ${key}`);
  let i = 0;
  return text.replace(/\$[A-Z_]+\$/g, () => subs[i++] ?? '');
}

export type MessageKey = keyof typeof en;

export const EN = (key: MessageKey, ...subs: string[]): string => message(en, key, subs);
export const PT = (key: keyof typeof pt, ...subs: string[]): string => message(pt, key, subs);
