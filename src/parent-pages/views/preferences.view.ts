import { html, RawHtml } from '../../common/http/html';
import { SHIPPED_LANGUAGES } from '../../i18n/languages';
import { Consents, MESSAGE_TOPICS, MessageTopic } from '../../parents/parent.types';
import { actionForm, icon } from './pages';

export interface PreferencesViewInput {
  t: (key: string, options?: Record<string, unknown>) => string;
  lang: string;
  formToken: string;
  parent: {
    stoppedTopics: MessageTopic[];
    messagesStopped: boolean;
    /** Present on the parent's own page: consent to be matched can be withdrawn there. */
    consents?: Consents;
  };
  /** Name of a language written in another language (ICU). */
  languageName: (code: string, inLanguage: string) => string;
  /** What was just done (from ?done=), to confirm it. */
  done?: string;
}

/** Language and messages: choose the language, stop topics or all messages, start again. */
export function preferencesView(v: PreferencesViewInput): RawHtml {
  const done = v.done;
  const p = v.parent;
  const confirmation =
    done === 'language'
      ? v.t('preferences.languageSaved', {
          language: v.languageName(v.lang, v.lang),
        })
      : done === 'stopped'
        ? v.t('preferences.stoppedSome')
        : done === 'stopped_all'
          ? v.t('preferences.stoppedAll')
          : done === 'resumed'
            ? v.t('preferences.resumed')
            : done === 'matching_withdrawn'
              ? v.t('preferences.matchingStopped')
              : null;
  const languages = SHIPPED_LANGUAGES.map(
    (code) =>
      html`<option value="${code}" lang="${code}" ${code === v.lang ? html` selected` : ''}>
        ${v.languageName(code, code)}
      </option>`,
  );
  const topics = MESSAGE_TOPICS.filter((topic) => !p.stoppedTopics.includes(topic)).map(
    (topic) =>
      html`<label class="check"
        ><input
          type="checkbox"
          name="topic"
          value="${topic}"
        />${v.t(`preferences.stopKind.${topic}`)}</label
      >`,
  );
  const stoppedSomething = p.messagesStopped || p.stoppedTopics.length > 0;
  return html`<h1>${v.t('preferences.title')}</h1>
    ${confirmation ? html`<p class="notice" role="status">${confirmation}</p>` : ''}
    <div class="card">
      <form method="post">
        <input type="hidden" name="form" value="${v.formToken}" /><input
          type="hidden"
          name="action"
          value="set_language"
        />
        <label for="language">${v.t('preferences.languageLabel')}</label
        ><select id="language" name="language">
          ${languages}
        </select>
        <button class="btn btn-plain" type="submit">
          ${icon('globe')}<span>${v.t('preferences.save')}</span>
        </button>
      </form>
    </div>
    <div class="card">
      <h2>${v.t('preferences.stopTitle')}</h2>
      ${
        p.messagesStopped
          ? html`<p>${v.t('preferences.stoppedAll')}</p>`
          : html`${
              topics.length
                ? html`<form method="post">
                    <input type="hidden" name="form" value="${v.formToken}" /><input
                      type="hidden"
                      name="action"
                      value="stop"
                    />
                    <fieldset style="border:0;padding:0;margin:0">
                      <legend class="sr">${v.t('preferences.stopTitle')}</legend>
                      ${topics}
                    </fieldset>
                    <button class="btn btn-plain" type="submit">
                      ${icon('bellOff')}<span>${v.t('preferences.stopSelected')}</span>
                    </button>
                  </form>`
                : ''
            }
            ${actionForm(v.formToken, 'stop_all', v.t('preferences.stopAll'), 'no', 'bellOff')}`
      }
      ${stoppedSomething ? actionForm(v.formToken, 'resume', v.t('preferences.resume'), 'yes', 'bell') : ''}
    </div>
    ${
      p.consents?.matching?.granted === true
        ? html`<div class="card">
            <h2>${v.t('preferences.matchingTitle')}</h2>
            <p>${v.t('preferences.matchingText')}</p>
            ${actionForm(v.formToken, 'withdraw_matching', v.t('preferences.matchingStop'), 'no', 'bellOff')}
          </div>`
        : ''
    }`;
}
