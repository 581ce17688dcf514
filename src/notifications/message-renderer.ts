import { Injectable } from '@nestjs/common';
import { I18nService, Namespace } from '../i18n/i18n.service';
import { ShippedLanguage, SOURCE_LANGUAGE } from '../i18n/languages';
import type { FormOfAddress, SpokenLanguage } from '../parents/parent.types';
import { activitySequence, activityUid, buildCalendar } from './ics';
import { MessageCatalog } from './message-catalog';
import { formatParentDate, formatParentTime } from './message-dates';
import { chooseMessageLanguage } from './message-language';
import { MESSAGE_KINDS, MessageKind } from './message-kinds';
import type { ActivityRef, MessagePayloads, ReasonRef } from './message-payloads';
import { emailHtml } from './templates/email-html';
import { iso, LINK_MARK, markedToText } from './templates/marks';
import { emailText } from './templates/text-body';

export interface MessageRecipient {
  givenName: string;
  /** The parent's message language (a shipped language). */
  language: string;
  /** Languages the parent speaks, for the fallback when the message language lacks the template. */
  languages?: readonly SpokenLanguage[];
  /** How the parent wants to be addressed (chosen at intake); null or absent: neutral wording. */
  formOfAddress?: FormOfAddress | null;
}

/**
 * The i18next context of a form of address: a sentence about a woman uses `key_female`, about
 * a man `key_male`, when the language has such a version; otherwise (and for 'neutral' or
 * unknown) the bare key, which is written gender-neutrally.
 */
export function addressContext(form: unknown): 'female' | 'male' | undefined {
  return form === 'feminine' ? 'female' : form === 'masculine' ? 'male' : undefined;
}

/**
 * Sentences whose gendered words are about the other parent (the buddy or the seeker named in
 * them), not about the reader: they take the other parent's form of address. Reason sentences
 * `seeker.*` and `buddy.*` are always about the other parent. Every other sentence takes the
 * reader's.
 */
export const ABOUT_OTHER_PARENT: ReadonlySet<string> = new Set([
  'introSeeker.subject',
  'introSeeker.intro',
  'introSeeker.question',
  'introSeeker.questionOffline',
  'introBuddy.subject',
  'introBuddy.intro',
  'introBuddy.question',
  'introBuddy.questionOffline',
  'responseReminder.subject',
  'responseReminder.intro',
  'bothAccepted.subject',
  'bothAccepted.intro',
  'bothAccepted.contact',
  'bothAccepted.noContact',
  'buddyDeclined.intro',
  'checkIn.subject',
  'checkIn.intro',
  'activityInvitation.withBuddy',
]);

export interface MessageSchool {
  name: string;
  /** settings.messages.bilingual: the parent's language first, Dutch beneath. */
  bilingual: boolean;
}

/** One paragraph or list of a message; sentences carry the marks of templates/marks.ts. */
export type MessageBlock =
  { type: 'p'; text: string } | { type: 'list'; title: string; items: string[] };

/** A message in one language, before it is laid out as HTML, text, a letter or a task. */
export interface MessageSection {
  language: ShippedLanguage;
  dir: 'ltr' | 'rtl';
  /** Marked subject line. */
  subject: string;
  greeting: string;
  blocks: MessageBlock[];
  /** The button of a message that asks something. */
  action?: { label: string; hint: string };
  signoff: string;
  footer: { why: string; stop: string; readingHelp: string };
  /** "Below is the same message in Dutch", when a Dutch version follows. */
  bilingualNote?: string;
  /** The SMS's line with the (short) link: "Answer here: {link}" or "Read more…: {link}". */
  smsLine?: string;
  /** The channel this version was written for, and the message keys it used. */
  channel: Channel;
  keys: string[];
}

export interface MessageAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The language actually used (after the fallback chain). */
  language: ShippedLanguage;
  dir: 'ltr' | 'rtl';
  /** Content-Language: the message language, then nl when a Dutch version is included. */
  contentLanguage: string;
  /** A short text for SMS. */
  sms: string;
  /** Message keys each part used (HTML, text part, SMS), to check what each channel says. */
  keys: { email: string[]; text: string[]; sms: string[] };
  attachments?: MessageAttachment[];
  /** Placeholders a translation used that we had no value for (should stay empty). */
  warnings: string[];
}

/**
 * Where a message is read. Only the HTML e-mail has a button; an e-mail (HTML or its text part)
 * carries the calendar attachment; an SMS, a printed letter and a phone call have neither.
 */
export type Channel = 'email' | 'text' | 'sms' | 'letter' | 'phone';

export const CHANNEL_FEATURES: Record<Channel, { button: boolean; attachment: boolean }> = {
  email: { button: true, attachment: true },
  text: { button: false, attachment: true },
  sms: { button: false, attachment: false },
  letter: { button: false, attachment: false },
  phone: { button: false, attachment: false },
};

/**
 * Sentences that speak of the e-mail's button or its attachment. A channel without that thing
 * uses the sentence's `…Offline` version instead (every shipped language has one).
 */
export const CHANNEL_BOUND_KEYS: Readonly<Record<string, 'button' | 'attachment'>> = {
  'introSeeker.question': 'button',
  'introBuddy.question': 'button',
  'activityConfirmed.cancel': 'button',
  'activityPromoted.cancel': 'button',
  'activityReminder.cancel': 'button',
  'activityConfirmed.calendar': 'attachment',
};

/** The sentence a channel uses for a key: its `…Offline` version when the key needs what the channel lacks. */
export function keyForChannel(key: string, channel: Channel): string {
  const needs = CHANNEL_BOUND_KEYS[key];
  return needs && !CHANNEL_FEATURES[channel][needs] ? `${key}Offline` : key;
}

/**
 * Dutch school words a parent new to the Netherlands may not know, found in the Dutch text a
 * message shows (an activity's title or place as staff typed it): each is explained once,
 * in the reader's language, under the message (`taxonomy:schoolTerm.<code>`).
 */
export const SCHOOL_TERMS: readonly { code: string; pattern: RegExp }[] = [
  { code: 'parentEvening', pattern: /\bouderavond(en)?\b/i },
  { code: 'tenMinuteTalk', pattern: /\b(10|tien)[- ]?minuten[- ]?gesprek(ken)?\b/i },
  { code: 'participationCouncil', pattern: /\b(MR|medezeggenschapsraad)\b/ },
  { code: 'liceCheck', pattern: /\bluizen(controle|moeder|moeders|pluizen|ouders?)\b/i },
  { code: 'group', pattern: /\bgroep(en)? ?[1-8]\b/i },
];

/** The Dutch school words in a text, each once, in the order of SCHOOL_TERMS. */
export function schoolTermsIn(text: string): { code: string; term: string }[] {
  const out: { code: string; term: string }[] = [];
  for (const { code, pattern } of SCHOOL_TERMS) {
    const m = pattern.exec(text);
    if (m) out.push({ code, term: m[0] });
  }
  return out;
}

/** A shorter subject for an SMS, where the usual one would not fit in two SMS parts. */
const SMS_SUBJECTS: Partial<Record<MessageKind, string>> = { welcome: 'sms.welcome' };

/** Who reads an introduction: reasons are written from that parent's side. */
export type ReasonReader = 'seeker' | 'buddy';

export interface RenderOptions {
  /** DTSTAMP of calendar files; defaults to now. */
  now?: Date;
  /**
   * Only the parts this channel sends (the worker knows it): `email` leaves the SMS text empty,
   * `sms` the e-mail's HTML and text part. Without it every part is written (previews, tests).
   */
  only?: 'email' | 'sms';
  /** The short link an SMS carries instead of the long one (`{PUBLIC_BASE_URL}/c/{code}`). */
  smsLink?: string;
}

/** Messages that carry the activity's calendar entry: a new one, or its change or cancellation. */
const CALENDAR_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>([
  'activity_confirmed',
  'activity_promoted',
  'activity_reminder',
  'activity_changed',
  'activity_cancelled',
]);

type Params = Record<string, string | number>;

/** A translator for one language and message, collecting placeholders it could not fill. */
class Writer {
  readonly warnings: string[] = [];
  /** The message keys this writer used, for tests of what each channel says. */
  readonly keys: string[] = [];

  /** The context of sentences about the other parent (set once the payload is read). */
  other: 'female' | 'male' | undefined;

  constructor(
    readonly lng: ShippedLanguage,
    private readonly catalog: MessageCatalog,
    private readonly ns: Namespace,
    private readonly base: Params,
    /** Picks another version of a sentence (the one for paper and voice), if there is one. */
    private readonly variant: (key: string) => string = (key) => key,
    /** The reader's context (their form of address). */
    private readonly reader?: 'female' | 'male',
    /** Whether a sentence is about the other parent (else about the reader). */
    private readonly aboutOther: (key: string) => boolean = (key) => ABOUT_OTHER_PARENT.has(key),
  ) {}

  /** A whole sentence; with `count`, the plural form is picked, then the number is isolated too. */
  line(wanted: string, params: Params = {}, count?: number): string {
    const key = this.variant(wanted);
    this.keys.push(key);
    const context = this.aboutOther(wanted) ? this.other : this.reader;
    const sentence = this.catalog.sentence(this.lng, this.ns, key, count, context);
    if (!sentence) return key;
    const values =
      count === undefined ? params : { ...params, count: iso(formatNumber(this.lng, count)) };
    return MessageCatalog.fill(sentence, values, this.base, (name) => {
      this.warnings.push(`${key}: {{${name}}}`);
      return '';
    });
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const currencyFormats = new Map<string, Intl.NumberFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

function cached<T>(map: Map<string, T>, lng: string, make: () => T): T {
  let value = map.get(lng);
  if (!value) map.set(lng, (value = make()));
  return value;
}

function formatNumber(lng: string, n: number): string {
  return cached(numberFormats, lng, () => new Intl.NumberFormat(lng)).format(n);
}

/** Date and times of an activity in Amsterdam time, Gregorian, written the way the reader's language does. */
export function activityWhen(
  lng: string,
  a: Pick<ActivityRef, 'startsAt' | 'endsAt'>,
): { date: string; start: string; end: string } {
  const start = new Date(a.startsAt);
  const end = new Date(a.endsAt);
  return {
    date: formatParentDate(lng, start),
    start: formatParentTime(lng, start),
    end: formatParentTime(lng, end),
  };
}

export function formatEuro(lng: string, cents: number): string {
  return cached(
    currencyFormats,
    lng,
    () => new Intl.NumberFormat(lng, { style: 'currency', currency: 'EUR' }),
  ).format(cents / 100);
}

/**
 * Turns a message kind with its payload into a message in the recipient's language: whole
 * translated sentences with named placeholders, plural forms through `count`, activity times
 * in Amsterdam time, and the layouts (HTML e-mail, plain text, SMS) with the right direction.
 * Pure apart from the translations it reads.
 */
@Injectable()
export class MessageRenderer {
  /** Translations are loaded once per process, so what they contain can be remembered. */
  private readonly templates = new Map<string, boolean>();
  private readonly languageNames = new Map<string, string>();

  private readonly catalog: MessageCatalog;
  private readonly reasonKeys = new Map<string, boolean>();

  constructor(private readonly i18n: I18nService) {
    this.catalog = new MessageCatalog(i18n);
  }

  /** Whether a language has this message's texts of its own (not through the Dutch fallback). */
  hasTemplate(kind: MessageKind, lng: ShippedLanguage): boolean {
    const key = `${kind}|${lng}`;
    let has = this.templates.get(key);
    if (has === undefined) {
      const template = MESSAGE_KINDS[kind].template;
      has =
        this.i18n.has(lng, 'messages', `${template}.subject`) &&
        this.i18n.has(lng, 'messages', 'common.greeting');
      this.templates.set(key, has);
    }
    return has;
  }

  private languageName(code: string, lng: string): string {
    const key = `${code}|${lng}`;
    let name = this.languageNames.get(key);
    if (name === undefined) this.languageNames.set(key, (name = this.i18n.languageName(code, lng)));
    return name;
  }

  /** The fallback chain: message language, another language the parent reads, Dutch. */
  languageFor(kind: MessageKind, recipient: MessageRecipient): ShippedLanguage {
    return chooseMessageLanguage(recipient.language, recipient.languages ?? [], (lng) =>
      this.hasTemplate(kind, lng),
    );
  }

  render(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient,
    school: MessageSchool,
    linkUrl: string,
    options: RenderOptions = {},
  ): RenderedMessage {
    const language = this.languageFor(kind, recipient);
    const warnings: string[] = [];
    const versions = (channel: Channel, collect: string[]): MessageSection[] => {
      const main = this.section(kind, payload, language, recipient, school, collect, { channel });
      const sections = [main];
      if (school.bilingual && language !== SOURCE_LANGUAGE) {
        main.bilingualNote = this.writer(language, recipient, school).line('common.bilingualNote');
        sections.push(
          this.section(kind, payload, SOURCE_LANGUAGE, recipient, school, collect, { channel }),
        );
      }
      return sections;
    };
    const email = options.only !== 'sms';
    const html = email ? versions('email', warnings) : [];
    // The text part differs from the HTML only where a sentence speaks of the button: without
    // such a sentence the same sentences are laid out again rather than written again.
    const needsOwnText = html.some((s) =>
      s.keys.some((k) => {
        const needs = CHANNEL_BOUND_KEYS[k];
        return needs !== undefined && !CHANNEL_FEATURES.text[needs];
      }),
    );
    const text = !email
      ? []
      : needsOwnText
        ? versions('text', [])
        : html.map((s) => ({ ...s, channel: 'text' as const }));
    const sms =
      options.only !== 'email'
        ? this.section(kind, payload, language, recipient, school, email ? [] : warnings, {
            channel: 'sms',
          })
        : undefined;
    const main = html[0] ?? sms!;
    const subject = markedToText(main.subject, main.dir);
    const links = messageLinks(linkUrl);
    const keysOf = (sections: MessageSection[]): string[] => sections.flatMap((s) => s.keys);
    const asks = MESSAGE_KINDS[kind].asks;
    const rendered: RenderedMessage = {
      subject,
      text: email ? emailText(text, links, asks) : '',
      html: email ? emailHtml(html, links, asks) : '',
      language,
      dir: main.dir,
      contentLanguage: email ? html.map((s) => s.language).join(', ') : language,
      sms: sms ? this.sms(sms, options.smsLink ? messageLinks(options.smsLink) : links) : '',
      keys: { email: keysOf(html), text: keysOf(text), sms: sms?.keys ?? [] },
      warnings,
    };
    if (email && CALENDAR_KINDS.has(kind))
      rendered.attachments = [
        this.calendar(
          kind,
          payload as unknown as ActivityRef,
          language,
          linkUrl,
          options.now ?? new Date(),
        ),
      ];
    return rendered;
  }

  /**
   * One language's version of a message for one channel (also used for letters and staff
   * tasks). Sentences that speak of a button or an attachment the channel lacks are replaced by
   * their `…Offline` version (see CHANNEL_BOUND_KEYS). `offline: true` is the letter channel.
   */
  section(
    kind: MessageKind,
    payload: Record<string, unknown>,
    lng: ShippedLanguage,
    recipient: MessageRecipient,
    school: MessageSchool,
    warnings: string[] = [],
    options: { offline?: boolean; channel?: Channel } = {},
  ): MessageSection {
    const channel: Channel = options.channel ?? (options.offline ? 'letter' : 'email');
    const w = this.writer(lng, recipient, school, channel);
    const template = MESSAGE_KINDS[kind].template;
    const { blocks, params } = this.body(kind, payload, w, recipient.givenName);
    if (channel !== 'sms' && typeof payload.activityId === 'string')
      blocks.push(...this.schoolTerms(payload as unknown as ActivityRef, w));
    const asks = MESSAGE_KINDS[kind].asks;
    const section: MessageSection = {
      language: lng,
      dir: this.i18n.dir(lng),
      subject: w.line(
        SMS_SUBJECTS[kind] && channel === 'sms' ? SMS_SUBJECTS[kind] : `${template}.subject`,
        params,
      ),
      greeting: w.line('common.greeting'),
      blocks,
      ...(asks
        ? { action: { label: w.line(`${template}.action`), hint: w.line('common.openLink') } }
        : {}),
      signoff: w.line('common.signoff'),
      footer: {
        why: w.line('common.why'),
        stop: w.line('common.stop', { link: LINK_MARK }),
        readingHelp: w.line('common.readingHelp'),
      },
      ...(channel === 'sms'
        ? { smsLine: w.line(asks ? 'sms.answer' : 'sms.more', { link: LINK_MARK }) }
        : {}),
      channel,
      keys: w.keys,
    };
    warnings.push(...w.warnings);
    return section;
  }

  private writer(
    lng: ShippedLanguage,
    recipient: MessageRecipient,
    school: MessageSchool,
    channel: Channel = 'email',
  ): Writer {
    return new Writer(
      lng,
      this.catalog,
      'messages',
      { name: iso(recipient.givenName), schoolName: iso(school.name) },
      (key) => keyForChannel(key, channel),
      addressContext(recipient.formOfAddress),
    );
  }

  /** The paragraphs of each kind, in order, and the values its subject needs. */
  private body(
    kind: MessageKind,
    payload: Record<string, unknown>,
    w: Writer,
    readerName: string,
  ): { blocks: MessageBlock[]; params: Params } {
    const p = (text: string): MessageBlock => ({ type: 'p', text });
    const tpl = MESSAGE_KINDS[kind].template;
    // The other parent's form of address (filled in with their name when the message is sent).
    w.other = addressContext(payload.otherFormOfAddress);
    switch (kind) {
      case 'welcome': {
        const role = (payload as unknown as MessagePayloads['welcome']).role;
        const blocks = [p(w.line('welcome.intro'))];
        if (role === 'seeker' || role === 'both') blocks.push(p(w.line('welcome.seeker')));
        if (role === 'buddy' || role === 'both') blocks.push(p(w.line('welcome.buddy')));
        blocks.push(p(w.line('welcome.activities')));
        return { blocks, params: {} };
      }
      case 'intro_seeker':
      case 'intro_buddy': {
        const d = payload as unknown as MessagePayloads['intro_seeker'];
        const other = iso(d.otherName);
        const params = { buddyName: other, seekerName: other, otherName: other };
        const reader: ReasonReader = kind === 'intro_seeker' ? 'seeker' : 'buddy';
        const otherName = String(d.otherName ?? '');
        const reasons = this.reasons(d.reasons ?? [], w, reader, {
          seekerName: reader === 'seeker' ? readerName : otherName,
          buddyName: reader === 'buddy' ? readerName : otherName,
        });
        const blocks: MessageBlock[] = [p(w.line(`${tpl}.intro`, params))];
        if (reasons.length)
          blocks.push({
            type: 'list',
            title: w.line(`${tpl}.reasonsTitle`, params),
            items: reasons,
          });
        blocks.push(p(w.line(`${tpl}.question`, params)));
        if (typeof d.responseDays === 'number' && d.responseDays > 0)
          blocks.push(p(w.line('common.answerWithin', {}, d.responseDays)));
        return { blocks, params };
      }
      case 'response_reminder': {
        const params = {
          otherName: iso((payload as unknown as MessagePayloads['response_reminder']).otherName),
        };
        return { blocks: [p(w.line('responseReminder.intro', params))], params };
      }
      case 'both_accepted': {
        const d = payload as unknown as MessagePayloads['both_accepted'];
        const params = { otherName: iso(d.otherName) };
        const blocks = [p(w.line('bothAccepted.intro', params))];
        blocks.push(
          p(
            d.contact
              ? w.line('bothAccepted.contact', { ...params, contact: iso(d.contact) })
              : w.line('bothAccepted.noContact', params),
          ),
        );
        blocks.push(p(w.line('bothAccepted.tip', params)));
        return { blocks, params };
      }
      case 'buddy_declined': {
        const params = {
          otherName: iso((payload as unknown as MessagePayloads['buddy_declined']).otherName),
        };
        return {
          blocks: [
            p(w.line('buddyDeclined.intro', params)),
            p(w.line('buddyDeclined.next', params)),
          ],
          params,
        };
      }
      case 'check_in': {
        const d = payload as unknown as MessagePayloads['check_in'];
        const params = { otherName: iso(d.otherName) };
        return { blocks: [p(w.line('checkIn.intro', params, Number(d.weeks) || 0))], params };
      }
      case 'activity_invitation': {
        const d = payload as unknown as MessagePayloads['activity_invitation'];
        const params = this.activityParams(d, w.lng);
        const blocks = [
          p(w.line('activityInvitation.intro', params)),
          ...this.activityDetails(d, params, w, true),
        ];
        if (typeof d.placesLeft === 'number')
          blocks.push(p(w.line('activityInvitation.placesLeft', params, d.placesLeft)));
        if (d.buddyName)
          blocks.push(
            p(w.line('activityInvitation.withBuddy', { ...params, otherName: iso(d.buddyName) })),
          );
        return { blocks, params };
      }
      case 'activity_confirmed': {
        const d = payload as unknown as MessagePayloads['activity_confirmed'];
        const params = this.activityParams(d, w.lng);
        const blocks = [
          p(w.line('activityConfirmed.intro', params)),
          ...this.activityDetails(d, params, w, false),
          p(w.line('activityConfirmed.calendar', params)),
          p(w.line('activityConfirmed.cancel', params)),
        ];
        return { blocks, params };
      }
      case 'activity_waitlisted': {
        const d = payload as unknown as MessagePayloads['activity_waitlisted'];
        const params = this.activityParams(d, w.lng);
        const blocks = [
          p(w.line('activityWaitlisted.intro', params)),
          ...this.activityDetails(d, params, w, false),
        ];
        if (typeof d.ahead === 'number')
          blocks.push(p(w.line('activityWaitlisted.position', params, d.ahead)));
        blocks.push(p(w.line('activityWaitlisted.next', params)));
        return { blocks, params };
      }
      case 'activity_promoted':
      case 'activity_reminder': {
        const d = payload as unknown as MessagePayloads['activity_promoted'];
        const params = this.activityParams(d, w.lng);
        return {
          blocks: [
            p(w.line(`${tpl}.intro`, params)),
            ...this.activityDetails(d, params, w, false),
            p(w.line(`${tpl}.cancel`, params)),
          ],
          params,
        };
      }
      case 'activity_changed': {
        const d = payload as unknown as MessagePayloads['activity_changed'];
        const params = this.activityParams(d, w.lng);
        return {
          blocks: [
            p(w.line('activityChanged.intro', params)),
            ...this.activityDetails(d, params, w, true),
          ],
          params,
        };
      }
      case 'activity_cancelled': {
        const d = payload as unknown as MessagePayloads['activity_cancelled'];
        const params = this.activityParams(d, w.lng);
        return {
          blocks: [
            p(w.line('activityCancelled.intro', params)),
            p(w.line('activityCancelled.next', params)),
          ],
          params,
        };
      }
    }
  }

  /** Explains the Dutch school words in the activity's title and place, as the reader sees them. */
  private schoolTerms(a: ActivityRef, w: Writer): MessageBlock[] {
    const shown = `${a.titles?.[w.lng] ?? a.title ?? ''}\n${a.location ?? ''}`;
    const found = schoolTermsIn(shown);
    if (!found.length) return [];
    const taxonomy = new Writer(w.lng, this.catalog, 'taxonomy', {});
    const items = found.map(({ code, term }) =>
      taxonomy.line(`schoolTerm.${code}`, { term: iso(term) }),
    );
    w.keys.push(...taxonomy.keys.map((k) => `taxonomy:${k}`));
    return [{ type: 'list', title: w.line('common.dutchTerms'), items }];
  }

  private activityParams(a: ActivityRef, lng: ShippedLanguage): Params {
    const when = activityWhen(lng, a);
    return {
      title: iso(a.titles?.[lng] ?? a.title),
      date: iso(when.date),
      start: iso(when.start),
      end: iso(when.end),
      location: iso(a.location),
    };
  }

  /** When, where, and (for invitations and changes) languages, interpreter, childcare, cost. */
  private activityDetails(
    a: ActivityRef,
    params: Params,
    w: Writer,
    full: boolean,
  ): MessageBlock[] {
    const out: MessageBlock[] = [{ type: 'p', text: w.line('activityInvitation.when', params) }];
    if (a.location) out.push({ type: 'p', text: w.line('activityInvitation.where', params) });
    if (!full) return out;
    if (a.languages?.length) {
      const names = a.languages.map((code) => this.languageName(code, w.lng));
      const list = cached(
        listFormats,
        w.lng,
        () => new Intl.ListFormat(w.lng, { type: 'conjunction' }),
      ).format(names);
      out.push({
        type: 'p',
        text: w.line('activityInvitation.languages', { ...params, languages: iso(list) }),
      });
    }
    if (a.interpreter)
      out.push({ type: 'p', text: w.line('activityInvitation.interpreter', params) });
    if (a.childcare) out.push({ type: 'p', text: w.line('activityInvitation.childcare', params) });
    out.push({
      type: 'p',
      text: a.costCents
        ? w.line('activityInvitation.cost', {
            ...params,
            cost: iso(formatEuro(w.lng, a.costCents)),
          })
        : w.line('activityInvitation.free', params),
    });
    return out;
  }

  /**
   * Why the pair fits, as sentences true from the reader's side: `seeker.<code>` or
   * `buddy.<code>` for a fact about one of the two (it names that parent), `parent.<code>` for
   * what both share ("You both speak Polish"). A reason without a text is left out.
   */
  private reasons(
    reasons: ReasonRef[],
    w: Writer,
    reader: ReasonReader,
    names: { seekerName: string; buddyName: string },
  ): string[] {
    const taxonomy = this.i18n.t(w.lng, 'taxonomy');
    const out: string[] = [];
    for (const r of reasons) {
      const own = `${reader}.${r.code}`;
      const key = this.hasReason(SOURCE_LANGUAGE, own) ? own : `parent.${r.code}`;
      const params: Params = {
        ...r.params,
        seekerName: iso(names.seekerName),
        buddyName: iso(names.buddyName),
      };
      if (typeof r.params.language === 'string')
        params.language = iso(this.languageName(r.params.language, w.lng));
      if (typeof r.params.situation === 'string')
        params.situation = iso(taxonomy(`situation.${r.params.situation}`));
      if (typeof r.params.postcode === 'string') params.postcode = iso(r.params.postcode);
      const count = typeof r.params.count === 'number' ? r.params.count : undefined;
      if (!this.hasReason(w.lng, key) && !this.hasReason(SOURCE_LANGUAGE, key)) continue;
      // seeker.* and buddy.* speak of the other parent; parent.* of both ("you both ...").
      const writer = new Writer(
        w.lng,
        this.catalog,
        'reasons',
        {},
        undefined,
        undefined,
        () => true,
      );
      writer.other = key.startsWith('parent.') ? undefined : w.other;
      out.push(writer.line(key, params, count));
      w.warnings.push(...writer.warnings);
      w.keys.push(`reasons:${key}`);
    }
    return out;
  }

  private hasReason(lng: ShippedLanguage, key: string): boolean {
    const cacheKey = `${lng}|${key}`;
    let has = this.reasonKeys.get(cacheKey);
    if (has === undefined) {
      has = ['', '_one', '_other'].some((suffix) =>
        this.i18n.has(lng, 'reasons', `${key}${suffix}`),
      );
      this.reasonKeys.set(cacheKey, has);
    }
    return has;
  }

  /**
   * The SMS: the subject, then one short line with the link (the short link /c/{code} when
   * there is one): to answer, or to read more and change how many messages come (the page's
   * footer has the settings). Within two SMS parts in every language (see sms-length.ts).
   */
  private sms(s: MessageSection, links: MessageLinks): string {
    return [
      markedToText(s.subject, s.dir),
      markedToText(s.smsLine ?? s.footer.stop, s.dir, s.smsLine ? links.action : links.preferences),
    ].join('\n');
  }

  /**
   * The activity's calendar entry in the reader's language, written by the one calendar
   * writer: the same UID and SEQUENCE as the page download and the feeds, STATUS:CANCELLED
   * when the activity is cancelled (so the calendar removes the entry).
   */
  private calendar(
    kind: MessageKind,
    a: ActivityRef,
    lng: ShippedLanguage,
    linkUrl: string,
    now: Date,
  ): MessageAttachment {
    const description = a.descriptions?.[lng] ?? a.description;
    const content = buildCalendar([
      {
        uid: activityUid(a.activityId),
        sequence: activitySequence(a.version),
        stamp: now,
        start: new Date(a.startsAt),
        end: new Date(a.endsAt),
        summary: a.titles?.[lng] ?? a.title,
        description: description || null,
        location: a.location || null,
        cancelled: kind === 'activity_cancelled',
        url: linkUrl,
      },
    ]);
    return {
      filename: 'activity.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content,
    };
  }
}

export interface MessageLinks {
  /** The parent's link: answers the question of the message. */
  action: string;
  /** The same link opened on language and stop settings (also List-Unsubscribe). */
  preferences: string;
}

export function messageLinks(linkUrl: string): MessageLinks {
  return {
    action: linkUrl,
    preferences: `${linkUrl}${linkUrl.includes('?') ? '&' : '?'}view=preferences`,
  };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}
