import { Injectable } from '@nestjs/common';
import { I18nService } from '../i18n/i18n.service';
import { SOURCE_LANGUAGE } from '../i18n/languages';
import { MESSAGE_KINDS, MessageKind } from './message-kinds';
import {
  MessageRecipient,
  MessageRenderer,
  MessageSchool,
  MessageSection,
  messageLinks,
} from './message-renderer';
import { letterHtml } from './templates/letter-html';
import { markedToPlain } from './templates/marks';
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

  private sections(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient,
    school: MessageSchool,
  ): MessageSection[] {
    const lng = this.renderer.languageFor(kind, recipient);
    const own = this.renderer.section(kind, payload, lng, recipient, school);
    return lng === SOURCE_LANGUAGE
      ? [own]
      : [own, this.renderer.section(kind, payload, SOURCE_LANGUAGE, recipient, school)];
  }

  task(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient & { familyName?: string | null },
    school: MessageSchool,
    linkUrl: string,
  ): RenderedTask {
    const sections = this.sections(kind, payload, recipient, school);
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

  letter(
    kind: MessageKind,
    payload: Record<string, unknown>,
    recipient: MessageRecipient,
    school: MessageSchool,
    linkUrl: string,
    today = new Date(),
  ): string {
    const sections = this.sections(kind, payload, recipient, school);
    const date = new Intl.DateTimeFormat(sections[0].language, {
      timeZone: 'Europe/Amsterdam',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(today);
    return letterHtml(sections, messageLinks(linkUrl), MESSAGE_KINDS[kind].asks, {
      schoolName: school.name,
      date,
      title: markedToPlain(sections[0].subject),
    });
  }
}
