import { html, RawHtml } from '../../common/http/html';

/** Small, fast, accessible: system fonts, no scripts, big targets, logical CSS for RTL. */
const CSS = `
*{box-sizing:border-box}
html{font-size:112.5%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans Ethiopic",sans-serif;line-height:1.5;color:#1a1a1a;background:#f6f4ef}
main{max-width:34rem;margin-inline:auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin-block:0.5rem 1rem}
h2{font-size:1.15rem;margin-block:1.25rem 0.5rem}
p,li{text-align:start}
.card{background:#fff;border-radius:0.75rem;padding:1rem;margin-block:0.75rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.reasons{padding-inline-start:1.25rem;margin:0}
.reasons li{margin-block:0.35rem}
form{margin:0}
.btn{display:flex;align-items:center;justify-content:center;gap:0.6rem;width:100%;min-height:3.25rem;margin-block:0.6rem;padding:0.75rem 1rem;border:2px solid transparent;border-radius:0.75rem;font:inherit;font-weight:600;font-size:1.1rem;cursor:pointer;text-decoration:none}
.btn-yes{background:#17643a;color:#fff}
.btn-no{background:#fff;color:#8a1c1c;border-color:#8a1c1c}
.btn-plain{background:#fff;color:#1d3f8a;border-color:#1d3f8a}
.btn:focus-visible,a:focus-visible,select:focus-visible,input:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.icon{width:1.5rem;height:1.5rem;flex:none}
label{display:block;font-weight:600;margin-block:0.75rem 0.25rem}
select{width:100%;min-height:3rem;font:inherit;padding:0.5rem;border:2px solid #555;border-radius:0.5rem;background:#fff}
.check{display:flex;gap:0.6rem;align-items:center;min-height:2.75rem;font-weight:400}
.check input{width:1.5rem;height:1.5rem}
.notice{background:#e8f3ec;border-inline-start:0.4rem solid #17643a;padding:0.75rem 1rem;border-radius:0.5rem}
.warn{background:#fdf3e1;border-inline-start:0.4rem solid #b86e00}
dl{margin:0}dt{font-weight:600;margin-block-start:0.5rem}dd{margin:0}
footer{max-width:34rem;margin-inline:auto;padding:1rem;color:#444;font-size:0.95rem}
footer a{color:#1d3f8a}
.hint{margin-block:0 0.5rem;color:#444}
.code-input{display:block;width:100%;min-height:3.5rem;margin-block:0.25rem 0.5rem;padding:0.5rem 0.75rem;border:2px solid #555;border-radius:0.5rem;background:#fff;font:inherit;font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:1.6rem;letter-spacing:0.15em;text-transform:uppercase}
.code-input[aria-invalid=true]{border-color:#8a1c1c;border-width:3px}
.langs{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:0.25rem 0.75rem}
.langs a{display:inline-flex;align-items:center;min-height:2.75rem;padding-inline:0.25rem;color:#1d3f8a}
.langs a[aria-current=page]{font-weight:700;color:#1a1a1a}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:0.5rem}
`.replace(/\n/g, '');

export interface LayoutInput {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  skipLabel: string;
  footer: string;
  preferencesHref?: string;
  preferencesLabel?: string;
  body: RawHtml;
}

export function layout(p: LayoutInput): string {
  return `<!doctype html>${
    html`<html lang="${p.lang}" dir="${p.dir}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex,nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>${p.title}</title>
        <style>
          ${new RawHtml(CSS)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">${p.skipLabel}</a>
        <main id="main">${p.body}</main>
        <footer>
          <p>${p.footer}</p>
          ${p.preferencesHref ? html`<p><a href="${p.preferencesHref}">${p.preferencesLabel ?? ''}</a></p>` : ''}
        </footer>
      </body>
    </html>`.value
  }`;
}
