import { domainToASCII } from 'node:url';
import type { OutgoingMessage } from './message-transport';
import { stableMessageId } from './message-transport';

/** One e-mail as the SMTP and the .eml transport carry it: envelope and RFC 5322 message. */
export interface ComposedEmail {
  envelope: { from: string; to: string };
  messageId: string;
  /** The whole message, CRLF line ends, 7-bit (headers encoded, bodies base64). */
  raw: string;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LINE_BREAKS = /[\r\n]+/g;

/** A header value on one line: CR and LF become a space, so no value can start a header. */
function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').trim();
}

/**
 * RFC 2047 encoded words (UTF-8, base64) for a header text that is not plain ASCII, each at
 * most 39 bytes of UTF-8 (64 characters encoded, so a line stays within 76) and never splitting a character, folded onto
 * continuation lines.
 */
export function encodeHeaderText(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return foldAscii(value);
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of value) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > 39) {
      words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk) words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
  return words.join('\r\n ');
}

/** Folds a long ASCII header text at spaces so that lines stay near 76 characters. */
function foldAscii(value: string): string {
  if (value.length <= 76) return value;
  const out: string[] = [];
  let line = '';
  for (const word of value.split(' ')) {
    if (line && line.length + 1 + word.length > 76) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out.join('\r\n ');
}

/** An address with an international domain in its ASCII (punycode) form. */
function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0 || PRINTABLE_ASCII.test(address)) return address;
  const domain = domainToASCII(address.slice(at + 1));
  return domain ? `${address.slice(0, at + 1)}${domain}` : address;
}

/** `Name <address>` or `address` (as MAIL_FROM is written) into its header form and address. */
export function parseMailbox(mailbox: string): { header: string; address: string } {
  const value = oneLine(mailbox);
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  if (!angle) {
    const address = asciiAddress(value);
    return { header: address, address };
  }
  const name = angle[1].replace(/^"(.*)"$/, '$1').trim();
  const address = asciiAddress(angle[2].trim());
  if (!name) return { header: address, address };
  const display = !PRINTABLE_ASCII.test(name)
    ? encodeHeaderText(name)
    : /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*$/.test(name)
      ? name
      : `"${name.replace(/[\\"]/g, '\\$&')}"`;
  return { header: `${display} <${address}>`, address };
}

/** Base64 of a text in lines of 76 characters, each ended by CRLF. */
function base64Lines(content: string): string {
  const b64 = Buffer.from(content, 'utf8').toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 76) out += `${b64.slice(i, i + 76)}\r\n`;
  return out;
}

/** A MIME parameter value: as it is when it is a token, otherwise quoted (encoded if not ASCII). */
function parameter(value: string): string {
  const v = oneLine(value);
  if (/^[A-Za-z0-9!#$%&'*+\-.^_`{|}~]+$/.test(v)) return v;
  return `"${(PRINTABLE_ASCII.test(v) ? v : encodeHeaderText(v).replace(/\r\n /g, ' ')).replace(/[\\"]/g, '\\$&')}"`;
}

/** RFC 5322 date, e.g. `Sun, 29 Nov 2026 21:24:29 +0000`. */
function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * Writes e-mails for one sender: a multipart/alternative of the text and the HTML (base64,
 * so no line-length or 8-bit concerns), inside a multipart/mixed when there are attachments
 * (the activity's calendar file). Built in one string per message rather than through
 * nodemailer's MIME streams, which cost half the worker's CPU per message (a CPU profile of
 * `npm run bench:notifications`, see docs/messages.md). Boundaries come from the notification
 * id (the parts are base64, whose lines can never start with `--=_`), so no random bytes.
 */
export class EmailComposer {
  private readonly from: { header: string; address: string };

  constructor(
    from: string,
    private readonly host: string,
  ) {
    this.from = parseMailbox(from);
  }

  compose(message: OutgoingMessage, date: Date = new Date()): ComposedEmail {
    const messageId = stableMessageId(message.notificationId, this.host);
    const to = asciiAddress(oneLine(message.to));
    const id = message.notificationId.replace(/[^A-Za-z0-9]/g, '');
    const alternative = `=_om_alt_${id}`;
    const headers = [
      `From: ${this.from.header}`,
      `To: ${to}`,
      `Subject: ${encodeHeaderText(oneLine(message.subject))}`,
      `Message-ID: ${messageId}`,
      `Date: ${mailDate(date)}`,
      'MIME-Version: 1.0',
      `Content-Language: ${encodeHeaderText(oneLine(message.contentLanguage))}`,
    ];
    if (message.unsubscribeUrl)
      headers.push(
        `List-Unsubscribe: <${oneLine(message.unsubscribeUrl)}>`,
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
    headers.push('Auto-Submitted: auto-generated');
    const body =
      `--${alternative}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\n' +
      base64Lines(message.text) +
      `--${alternative}\r\n` +
      'Content-Type: text/html; charset=utf-8\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\n' +
      base64Lines(message.html) +
      `--${alternative}--\r\n`;
    let raw: string;
    if (message.attachments?.length) {
      const mixed = `=_om_mix_${id}`;
      headers.push(`Content-Type: multipart/mixed;\r\n boundary="${mixed}"`);
      raw =
        `${headers.join('\r\n')}\r\n\r\n` +
        `--${mixed}\r\n` +
        `Content-Type: multipart/alternative;\r\n boundary="${alternative}"\r\n\r\n` +
        body +
        message.attachments
          .map(
            (a) =>
              `--${mixed}\r\n` +
              `Content-Type: ${oneLine(a.contentType)};\r\n name=${parameter(a.filename)}\r\n` +
              'Content-Transfer-Encoding: base64\r\n' +
              `Content-Disposition: attachment; filename=${parameter(a.filename)}\r\n\r\n` +
              base64Lines(a.content),
          )
          .join('') +
        `--${mixed}--\r\n`;
    } else {
      headers.push(`Content-Type: multipart/alternative;\r\n boundary="${alternative}"`);
      raw = `${headers.join('\r\n')}\r\n\r\n${body}`;
    }
    return { envelope: { from: this.from.address, to }, messageId, raw };
  }
}
