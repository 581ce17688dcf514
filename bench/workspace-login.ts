/** The session cookie of a workspace login (the login form's own CSRF cookie first). */
export async function workspaceLogin(
  base: string,
  email: string,
  password: string,
): Promise<string> {
  const form = await fetch(`${base}/`);
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('om_session=') || c.startsWith('__Host-om_session='));
  if (res.status !== 303 || !session) throw new Error(`workspace login failed: ${res.status}`);
  return session.split(';')[0];
}
