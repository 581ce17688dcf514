import { html, raw, RawHtml } from '../../../common/http/html';
import type { Child } from '../../../parents/parent.types';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  button,
  choiceGroup,
  csrfField,
  errorFor,
  errorSummary,
  FieldError,
  linkButton,
  name,
  pagination,
  paragraph,
  query,
  selectField,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { TaskReason } from '../../channel-choice';
import { DECLINE_REASONS } from '../../dto/task-done.dto';
import { MESSAGE_KINDS, MessageKind } from '../../message-kinds';
import type { MessageSection } from '../../message-renderer';
import type { TaskParent, TaskGroup } from '../../notification-queries.service';
import { markedToHtml } from '../../templates/marks';
import type { TaskOutcome } from '../../task-outcome';
import { rememberingTexts, sentence } from './text';

/** What one task card needs (built by the controller from the task and its parent). */
export interface TaskCard {
  id: string;
  kind: MessageKind;
  createdAt: Date;
  parent: TaskParent;
  reason: TaskReason;
  /** Why the message could not go by e-mail or SMS (keys of `why.*`). */
  why: string[];
  /** The language of the parent's text, named in the staff member's language. */
  languageName: string;
  /** The message in the parent's language, then Dutch (one section when that is Dutch). */
  sections: (MessageSection & { languageName: string })[];
  outcomes: TaskOutcome[];
  /** From the payload: the other parent's first name, the activity's title and start. */
  other?: string;
  title?: string;
  startsAt?: string;
}

export interface TaskList {
  items: TaskCard[];
  total: number;
  page: number;
}

export interface TasksViewInput {
  call: TaskList;
  letter: TaskList;
  pageSize: number;
  /** A form that came back: the task, what was chosen, what is wrong. */
  form?: { taskId: string; outcome?: string; reason?: string; errors: FieldError[] };
}

/** +31612345678 → 0612345678 (how a Dutch consultant reads and dials it); others unchanged. */
export function displayPhone(phone: string): string {
  const nl = /^\+31(\d{9})$/.exec(phone);
  return nl ? `0${nl[1]}` : phone;
}

function childText(ctx: PageContext, c: Child): string {
  const m = ctx.tr('ws-messages');
  const year = c.schoolYear.replace(/-/g, ' ');
  const group = c.className ? `${year}, ${c.className}` : year;
  return c.firstName
    ? m('task.childNamed', { name: c.firstName, group })
    : m('task.child', { group });
}

/** The message as the consultant reads it out: greeting, paragraphs, sign-off; no link. */
function readAloud(s: MessageSection): RawHtml {
  const m = (marked: string): RawHtml => raw(markedToHtml(marked));
  return html`<div class="om-read-aloud" lang="${s.language}" dir="${s.dir}">
    <p class="utrecht-paragraph"><strong>${m(s.subject)}</strong></p>
    <p class="utrecht-paragraph">${m(s.greeting)}</p>
    ${s.blocks.map((b) =>
      b.type === 'p'
        ? html`<p class="utrecht-paragraph">${m(b.text)}</p>`
        : html`<p class="utrecht-paragraph">${m(b.title)}</p>
            <ul>
              ${b.items.map((i) => html`<li>${m(i)}</li>`)}
            </ul>`,
    )}
    <p class="utrecht-paragraph">${m(s.signoff)}</p>
  </div>`;
}

function whatToAsk(ctx: PageContext, task: TaskCard): RawHtml {
  const m = ctx.tr('ws-messages');
  const names = { name: task.parent.givenName, other: task.other ?? '' };
  const values = {
    title: task.title ?? '',
    date: task.startsAt ? formatDate(ctx, task.startsAt, 'dateTime') : '',
  };
  const asks = MESSAGE_KINDS[task.kind].asks;
  return html`<p class="utrecht-paragraph om-task__ask">
    <strong>${m(asks ? 'task.askLabel' : 'task.tellLabel')}</strong>
    ${sentence(m, `${asks ? 'ask' : 'tell'}.${task.kind}`, names, values)}
  </p>`;
}

function doneForm(
  ctx: PageContext,
  task: TaskCard,
  pages: { call: number; letter: number },
  form?: TasksViewInput['form'],
): RawHtml {
  const m = ctx.tr('ws-messages');
  const mine = form?.taskId === task.id ? form : undefined;
  const isMatch = task.outcomes.includes('declined');
  return html`<form
    method="post"
    action="${schoolHref(ctx, `/tasks/${task.id}/done`)}"
    class="om-task__done"
    novalidate
  >
    ${csrfField(ctx)}
    <input type="hidden" name="calls" value="${pages.call}" />
    <input type="hidden" name="letters" value="${pages.letter}" />
    ${choiceGroup({
      name: 'outcome',
      id: `f-outcome-${task.id}`,
      type: 'radio',
      legend: sentence(m, MESSAGE_KINDS[task.kind].asks ? 'done.legendAsk' : 'done.legendTell', {
        name: task.parent.givenName,
      }),
      hint: MESSAGE_KINDS[task.kind].asks ? m('done.hintAsk') : undefined,
      options: task.outcomes.map((o) => ({ value: o, label: m(`outcome.${o}`) })),
      values: mine?.outcome ? [mine.outcome] : [],
      error: errorFor(mine?.errors, 'outcome') ?? errorFor(mine?.errors, '_form'),
    })}
    ${
      isMatch
        ? selectField({
            name: 'reason',
            id: `f-reason-${task.id}`,
            label: m('done.reasonLabel'),
            hint: m('done.reasonHint'),
            empty: m('done.reasonNone'),
            options: DECLINE_REASONS.map((r) => ({ value: r, label: m(`declineReason.${r}`) })),
            value: mine?.reason ?? '',
            error: errorFor(mine?.errors, 'reason'),
            size: 'md',
          })
        : ''
    }
    ${button(m('done.submit'))}
  </form>`;
}

function taskCard(
  ctx: PageContext,
  task: TaskCard,
  group: TaskGroup,
  pages: { call: number; letter: number },
  form?: TasksViewInput['form'],
): RawHtml {
  const m = ctx.tr('ws-messages');
  const p = task.parent;
  const fullName = [p.givenName, p.familyName].filter(Boolean).join(' ');
  const letterHref = schoolHref(ctx, `/tasks/${task.id}/letter`);
  const columns = task.sections.length > 1 ? 'om-side-by-side' : '';
  return html`<li class="om-task om-card" id="task-${task.id}">
    <h3 class="utrecht-heading-3">${name(fullName)}</h3>
    <p class="utrecht-paragraph">
      <strong
        >${sentence(m, `taskTitle.${task.kind}`, { other: task.other ?? '' }, { title: task.title ?? '' })}</strong
      >
    </p>
    <ul class="om-task__facts">
      <li>
        <strong>${m('task.why')}</strong> ${m(`reason.${task.reason}`)}${
          task.why.length ? html` (${task.why.map((w) => m(`why.${w}`)).join(', ')})` : ''
        }
      </li>
      <li><strong>${m('task.language')}</strong> ${task.languageName}</li>
      <li><strong>${m('task.since')}</strong> ${formatDate(ctx, task.createdAt, 'date')}</li>
      ${
        group === 'letter' && p.children.length
          ? html`<li>
              <strong>${m('task.giveTo')}</strong>
              ${p.children.map((c) => childText(ctx, c)).join('; ')}
            </li>`
          : ''
      }
    </ul>
    ${
      group === 'call'
        ? p.phone
          ? html`<p class="om-task__actions">
              <a
                class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action om-task__phone"
                href="tel:${p.phone}"
                >${m('task.call', { phone: displayPhone(p.phone) })}</a
              >
            </p>`
          : paragraph(
              sentence(m, task.reason === 'in_person' ? 'task.inPerson' : 'task.noPhone', {
                name: p.givenName,
              }),
            )
        : ''
    }
    ${whatToAsk(ctx, task)}
    <details>
      <summary>
        ${m(task.sections.length > 1 ? 'task.textBoth' : 'task.textOne', { language: task.languageName })}
      </summary>
      <div class="${columns}">
        ${task.sections.map(
          (s) =>
            html`<div>
              <p class="utrecht-paragraph om-muted">
                ${m('task.textIn', { language: s.languageName })}
              </p>
              ${readAloud(s)}
            </div>`,
        )}
      </div>
    </details>
    <p class="om-task__actions">
      ${group === 'letter' ? linkButton(letterHref, m('task.openLetter'), 'primary') : html`<a class="utrecht-link" href="${letterHref}">${m('task.printLetter')}</a>`}
    </p>
    ${doneForm(ctx, task, pages, form)}
  </li>`;
}

function taskSection(
  ctx: PageContext,
  group: TaskGroup,
  list: TaskList,
  input: TasksViewInput,
): RawHtml {
  const m = ctx.tr('ws-messages');
  const pages = { call: input.call.page, letter: input.letter.page };
  const param = group === 'call' ? 'calls' : 'letters';
  return html`<section aria-labelledby="tasks-${group}">
    <h2 class="utrecht-heading-2" id="tasks-${group}">
      ${m(`tasks.${group}Title`, { count: list.total })}
    </h2>
    ${paragraph(m(`tasks.${group}Intro`))}
    ${
      group === 'letter' && list.total
        ? html`<p class="om-task__actions">
            ${linkButton(schoolHref(ctx, '/tasks/letters'), m('tasks.printAll', { count: list.total }), 'secondary')}
          </p>`
        : ''
    }
    ${
      list.items.length
        ? html`<ul class="om-task-list">
            ${list.items.map((task) => taskCard(ctx, task, group, pages, input.form))}
          </ul>`
        : paragraph(html`<em>${m(`tasks.${group}Empty`)}</em>`)
    }
    ${pagination(ctx, {
      page: list.page,
      pageSize: input.pageSize,
      total: list.total,
      href: (page) =>
        schoolHref(
          ctx,
          `/tasks${query({ ...{ calls: pages.call, letters: pages.letter }, [param]: page })}#tasks-${group}`,
        ),
    })}
  </section>`;
}

/** The consultant's to-do list: parents to call, letters to print; works on a phone. */
export function tasksView(pageCtx: PageContext, input: TasksViewInput): string {
  const ctx = rememberingTexts(pageCtx);
  const m = ctx.tr('ws-messages');
  const errors = input.form?.errors;
  const taskId = input.form?.taskId;
  return workspacePage(ctx, {
    title: m('tasks.title'),
    active: 'tasks',
    body: html` <h1 class="utrecht-heading-1">${m('tasks.title')}</h1>
      ${paragraph(m('tasks.intro'), true)}
      ${errorSummary(ctx, errors, (field) =>
        field === 'reason' ? `f-reason-${taskId}` : `f-outcome-${taskId}`,
      )}
      ${taskSection(ctx, 'call', input.call, input)}
      ${taskSection(ctx, 'letter', input.letter, input)}`,
  });
}
