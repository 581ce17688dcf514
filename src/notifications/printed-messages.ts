import { Injectable } from '@nestjs/common';
import { I18nService } from '../i18n/i18n.service';
import { SOURCE_LANGUAGE } from '../i18n/languages';
import { formatLetterDate } from './message-dates';
import { MESSAGE_KINDS, MessageKind } from './message-kinds';
import {
  Channel,
  MessageRecipient,
  MessageRenderer,
  MessageSchool,
  MessageSection,
  messageLinks,
} from './message-renderer';
import {
  LetterAnswer,
  LetterAnswerTexts,
  letterHtml,
  letterSectionsHtml,
} from './templates/letter-html';
import { iso, markedToPlain } from './templates/marks';
import { taskHtml, TaskLabels, taskText } from './templates/task-body';

export interface RenderedTask {
  subject: string;
  text: string;
  html: string;
  /** The parent's language used (after the fallback chain). */
  language: string;
}

/**
 * Messages that travel on paper or by voice: the consultant's task (the parent's language
 * and Dutch side by side, labels in Dutch for staff) and the printable letter.
 */
@Injectable()
export class PrintedMessages {
  constructor(
    private readonly renderer: MessageRenderer,
    private readonly i18n: I18nService,
  ) {}

  /**
   * The message in the parent's language, then in Dutch (unless that is the same), in the
   * words for paper and voice (no "button", no "attachment").
   */
  sections(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient,
    school: MessageSchool,
    channel: Extract<Channel, 'letter' | 'phone'> = 'letter',
  ): MessageSection[] {
    const lng = this.renderer.languageFor(kind, recipient);
    const options = { channel };
    const own = this.renderer.section(kind, payload, lng, recipient, school, [], options);
    return lng === SOURCE_LANGUAGE
      ? [own]
      : [
          own,
          this.renderer.section(kind, payload, SOURCE_LANGUAGE, recipient, school, [], options),
        ];
  }

  task(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient & { familyName?: string | null },
    school: MessageSchool,
    linkUrl: string,
  ): RenderedTask {
    const sections = this.sections(kind, payload, recipient, school, 'phone');
    const t = this.i18n.t(SOURCE_LANGUAGE, 'messages');
    const name = [recipient.givenName, recipient.familyName].filter(Boolean).join(' ');
    const language = sections[0].language;
    const labels: TaskLabels = {
      title: t('task.title', { name, language: this.i18n.languageName(language, SOURCE_LANGUAGE) }),
      instructions: t('task.instructions', { name: recipient.givenName }),
      parentLanguage: `${t('task.parentLanguage')} (${this.i18n.languageName(language, SOURCE_LANGUAGE)})`,
      dutch: t('task.dutch'),
    };
    const links = messageLinks(linkUrl);
    const asks = MESSAGE_KINDS[kind].asks;
    return {
      subject: labels.title,
      text: taskText(labels, sections, links, asks),
      html: taskHtml(labels, sections, links, asks),
      language,
    };
  }

  /** A whole printable page: one letter (parent's language, then Dutch). */
  letter(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient,
    school: MessageSchool,
    linkUrl: string,
    today = new Date(),
    answer?: LetterAnswer,
  ): string {
    const sections = this.sections(kind, payload, recipient, school);
    return letterHtml(
      sections,
      messageLinks(linkUrl),
      MESSAGE_KINDS[kind].asks,
      this.letterMeta(sections, school, today),
      answer && this.answerTexts(sections, answer),
    );
  }

  /** The letter's sections only (for a page that holds several letters or a toolbar). */
  letterSections(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient,
    school: MessageSchool,
    linkUrl: string,
    today = new Date(),
    answer?: LetterAnswer,
  ): { html: string; language: string; dir: 'ltr' | 'rtl'; title: string } {
    const sections = this.sections(kind, payload, recipient, school);
    const meta = this.letterMeta(sections, school, today);
    return {
      html: letterSectionsHtml(
        sections,
        messageLinks(linkUrl),
        MESSAGE_KINDS[kind].asks,
        meta,
        answer && this.answerTexts(sections, answer),
      ),
      language: sections[0].language,
      dir: sections[0].dir,
      title: meta.title,
    };
  }

  private letterMeta(
    sections: MessageSection[],
    school: MessageSchool,
    today: Date,
  ): { schoolName: string; date: string; title: string } {
    const date = formatLetterDate(sections[0].language, today);
    return { schoolName: school.name, date, title: markedToPlain(sections[0].subject) };
  }

  /** The QR code and the short code, with the sentences that explain them in each language. */
  private answerTexts(sections: MessageSection[], answer: LetterAnswer): LetterAnswerTexts {
    const texts: LetterAnswerTexts['texts'] = {};
    for (const s of sections) {
      const t = this.i18n.t(s.language, 'messages');
      texts[s.language] = {
        scan: t('letter.scan'),
        type: t('letter.type', { site: iso(answer.site) }),
        codeLabel: t('letter.codeLabel'),
        tell: t('letter.tell'),
        qrLabel: t('letter.qrLabel'),
      };
    }
    return { ...answer, texts };
  }
}
