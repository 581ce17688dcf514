import type { TFunction } from 'i18next';
import { escapeHtml, raw, RawHtml } from '../../../common/http/html';
import type { PageContext } from '../../../workspace/page-context';

/**
 * A translated sentence with names in it: each name keeps its own direction in a `<bdi>`
 * (an Arabic name inside a Dutch sentence), the rest is escaped text.
 */
export function sentence(
  t: TFunction,
  key: string,
  names: Record<string, string | null | undefined>,
  values: Record<string, unknown> = {},
): RawHtml {
  const marks: Record<string, string> = {};
  const list: string[] = [];
  for (const [k, v] of Object.entries(names)) {
    marks[k] = `\uE010${list.length}\uE011`;
    list.push(v ?? '');
  }
  const text: string = t(key, { ...values, ...marks });
  return raw(
    escapeHtml(text).replace(
      /\uE010(\d+)\uE011/g,
      (_m, i: string) => `<bdi>${escapeHtml(list[Number(i)])}</bdi>`,
    ),
  );
}

/**
 * The page's context with its texts remembered for this render: a list of many cards asks
 * for the same labels again and again, and a lookup in i18next is not free.
 */
export function rememberingTexts(ctx: PageContext): PageContext {
  const base = ctx.tr('ws-messages');
  const cache = new Map<string, string>();
  const text = (key: string, options?: Record<string, unknown>): string =>
    options === undefined ? base(key) : base(key, options);
  const remembered = ((key: string, options?: Record<string, unknown>): string => {
    if (options !== undefined) return text(key, options);
    let value = cache.get(key);
    if (value === undefined) {
      value = text(key);
      cache.set(key, value);
    }
    return value;
  }) as unknown as TFunction;
  return { ...ctx, tr: (ns) => (ns === 'ws-messages' ? remembered : ctx.tr(ns)) };
}
