import { escapeHtml, html, raw } from '../../../src/common/http/html';

describe('html templating', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('keeps a value without them as it is, numbers and right-to-left text included', () => {
    expect(escapeHtml('Fatima El Amrani')).toBe('Fatima El Amrani');
    expect(escapeHtml('مرحبا بكم')).toBe('مرحبا بكم');
    expect(escapeHtml(42)).toBe('42');
  });

  it('escapes every interpolated value unless it is raw, and drops empty parts', () => {
    const name = '<script>alert(1)</script>';
    const list = [html`<b>${'&'}</b>`, 'x'];
    // prettier-ignore
    const out = html`<p>${name}</p>${raw('<hr>')}${null}${undefined}${false}${list}`;
    expect(out.value).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><hr><b>&amp;</b>x');
  });
});
