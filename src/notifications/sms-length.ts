/**
 * How long an SMS is for the network: GSM 03.38 (7-bit) when every character is in its
 * alphabet, otherwise UCS-2 (16-bit; all of Arabic, Tigrinya, Cyrillic and most accented
 * letters). A single SMS holds 160 GSM-7 characters or 70 UCS-2 units; a longer one is sent in
 * parts of 153 or 67 (the rest is the header that joins them). Parents pay nothing, but
 * providers charge per part and old phones show parts out of order, so our texts stay within
 * two parts: 306 GSM-7 characters or 134 UCS-2 units.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters of the extension table: each takes two septets (escape + character). */
const GSM7_EXTENDED = '^{}\\[~]|€\f';

export const SMS_MAX_PARTS = 2;

export interface SmsLength {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7) or UTF-16 units (UCS-2). */
  units: number;
  parts: number;
  /** The most units that still fit in SMS_MAX_PARTS parts with this encoding. */
  limit: number;
}

export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const c of text) {
    if (GSM7_BASIC.includes(c)) septets += 1;
    else if (GSM7_EXTENDED.includes(c)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const parts = septets <= 160 ? 1 : Math.ceil(septets / 153);
    return { encoding: 'gsm7', units: septets, parts, limit: 153 * SMS_MAX_PARTS };
  }
  const units = text.length;
  const parts = units <= 70 ? 1 : Math.ceil(units / 67);
  return { encoding: 'ucs2', units, parts, limit: 67 * SMS_MAX_PARTS };
}
