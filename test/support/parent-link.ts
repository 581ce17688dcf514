import { LinkTokensService } from '../../src/notifications/link-tokens.service';
import { TestApp } from './test-app';

/** The /p/{token} path of the link a queued message carries. */
export async function linkOf(t: TestApp, parentId: string, kind: string): Promise<string> {
  const rows: { link_id: string }[] = await t.db.query(
    `SELECT link_id FROM notification WHERE parent_id = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1`,
    [parentId, kind],
  );
  if (!rows.length) throw new Error(`no ${kind} message for ${parentId}`);
  return `/p/${t.app.get(LinkTokensService).tokenFor(rows[0].link_id)}`;
}

/** The hidden form token of a parent page. */
export function formTokenIn(html: string): string {
  const m = /name="form" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no form token on the page');
  return m[1];
}
