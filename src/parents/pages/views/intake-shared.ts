import { html, RawHtml } from '../../../common/http/html';
import type { TaxonomyDto } from '../../../taxonomy/taxonomy.service';
import { describedBy, type Child } from '../../../workspace/views/components';

/**
 * Pieces the intake pages share that the shell's components do not have: a select with
 * option groups (languages: the common ones first) and a single checkbox. Their styles
 * (repeated rows, the availability grid) are in assets/workspace.css.
 */

export interface OptionGroup {
  label: string;
  options: { value: string; label: string }[];
}

/** The label/hint/error frame of a field, as the shell's components lay it out. */
export function fieldFrame(f: {
  id: string;
  label: Child;
  hint?: Child;
  error?: string;
  control: RawHtml;
  className?: string;
}): RawHtml {
  return html`<div
    class="utrecht-form-field utrecht-form-field--text ${f.error ? 'utrecht-form-field--invalid' : ''} ${f.className ?? ''}"
  >
    <div class="utrecht-form-field__label">
      <label class="utrecht-form-label" for="${f.id}">${f.label}</label>
    </div>
    ${f.hint ? html`<div class="utrecht-form-field__description utrecht-form-field-description" id="${f.id}-hint">${f.hint}</div>` : ''}
    ${f.error ? html`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="${f.id}-error">${f.error}</div>` : ''}
    <div class="utrecht-form-field__input">${f.control}</div>
  </div>`;
}

/** A select whose options come in groups (<optgroup>), with an empty first choice. */
export function groupedSelect(f: {
  id: string;
  name: string;
  label: Child;
  groups: OptionGroup[];
  value: string;
  empty: string;
  hint?: Child;
  error?: string;
  required?: boolean;
  className?: string;
}): RawHtml {
  const described = describedBy(f.id, f.hint, f.error);
  const known = f.groups.some((g) => g.options.some((o) => o.value === f.value));
  return fieldFrame({
    id: f.id,
    label: f.label,
    hint: f.hint,
    error: f.error,
    className: f.className,
    control: html`<select
      class="utrecht-select utrecht-select--html-select ${f.error ? 'utrecht-select--invalid' : ''}"
      id="${f.id}"
      name="${f.name}"
      ${f.required ? html`required aria-required="true"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
      ${described ? html`aria-describedby="${described}"` : ''}
    >
      <option value="">${f.empty}</option>
      ${!known && f.value ? html`<option value="${f.value}" selected>${f.value}</option>` : ''}
      ${f.groups.map(
        (g) =>
          html`<optgroup label="${g.label}">
            ${g.options.map(
              (o) =>
                html`<option value="${o.value}" ${o.value === f.value ? html`selected` : ''}>
                  ${o.label}
                </option>`,
            )}
          </optgroup>`,
      )}
    </select>`,
  });
}

/** One checkbox with its label (and a hint), on its own. */
export function checkbox(f: {
  id: string;
  name: string;
  label: Child;
  checked: boolean;
  hint?: Child;
  value?: string;
}): RawHtml {
  return html`<div class="om-choices">
    <div class="utrecht-form-field utrecht-form-field--checkbox">
      <div class="utrecht-form-field__input">
        <input
          class="utrecht-checkbox utrecht-checkbox--html-input"
          type="checkbox"
          id="${f.id}"
          name="${f.name}"
          value="${f.value ?? '1'}"
          ${f.checked ? html`checked` : ''}
          ${f.hint ? html`aria-describedby="${f.id}-hint"` : ''}
        />
      </div>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label utrecht-form-label--checkbox" for="${f.id}"
          >${f.label}</label
        >
      </div>
      ${f.hint ? html`<div class="utrecht-form-field-description" id="${f.id}-hint">${f.hint}</div>` : ''}
    </div>
  </div>`;
}

/**
 * Languages for a select: the common home languages of Dutch schools first, then every
 * other language, each named in the staff member's language and in the language itself
 * ("Arabisch — العربية").
 */
export function languageGroups(
  tax: TaxonomyDto,
  labels: { common: string; other: string },
  only?: ReadonlySet<string>,
): OptionGroup[] {
  const collator = new Intl.Collator(tax.lang);
  const named = tax.languages
    .filter((l) => !only || only.has(l.code))
    .map((l) => ({
      value: l.code,
      label: languageLabel(l.label, l.nativeName, l.code),
      common: l.common,
    }))
    .sort((a, b) => collator.compare(a.label, b.label));
  return [
    { label: labels.common, options: named.filter((l) => l.common) },
    { label: labels.other, options: named.filter((l) => !l.common) },
  ].filter((g) => g.options.length);
}

/** "Arabisch — العربية"; just "Nederlands" when both names are the same or no own name is known. */
export function languageLabel(label: string, nativeName: string, code: string): string {
  if (!nativeName || nativeName === code || nativeName.toLowerCase() === label.toLowerCase())
    return label;
  return `${label} — ${nativeName}`;
}
