import type { Translate } from '../../core/i18n/index.ts';

/**
 * A session's device as stored ("Firefox · Linux", core/accounts/sessions.ts)
 * in the reader's language: the two words Passerelle writes when it cannot tell
 * ("Browser", "unknown system") are its own, and translated; product names stay.
 */
export function deviceLabel(device: string | null, t: Translate): string {
  if (!device) return t('account.unknownDevice');
  const [browser = '', system = ''] = device.split(' · ');
  return t('account.device', {
    browser: browser === 'Browser' ? t('account.device.unknownBrowser') : browser,
    system: system === 'unknown system' ? t('account.device.unknownSystem') : system,
  });
}
