import { describe, expect, it } from 'vitest';
import { markdownToFragment, markdownToSafeHtml } from './sanitize';

const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 1">',
  '<svg onload="window.__pwned = 1"><circle r=5 /></svg>',
  '<svg><script>window.__pwned = 1</script></svg>',
  '[click me](javascript:window.__pwned=1)',
  '[tab trick](jav&#x09;ascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="x.swf"></object><embed src="x">',
  '<details open ontoggle="window.__pwned=1">x</details>',
  '<body onload="window.__pwned=1">',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '![img](x" onerror="alert(1))',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:/">',
  '<link rel=import href="x">',
];

function inertDom(md: string): HTMLElement {
  const div = document.createElement('div');
  div.append(markdownToFragment(md));
  return div;
}

describe('markdown sanitiser', () => {
  it.each(HOSTILE)('leaves nothing active in %s', (input) => {
    const div = inertDom(input);
    for (const el of div.querySelectorAll('*')) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(attr.name)) {
          // Browsers drop control characters from URLs, so the test does too before looking at the scheme.
          // eslint-disable-next-line no-control-regex
          expect(attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase()).not.toMatch(/^(javascript|vbscript|data:text)/);
        }
        expect(attr.name).not.toBe('style');
      }
    }
    expect(div.querySelector('script, iframe, object, embed, svg, math, style, form, meta, base, link, body')).toBeNull();
    // The string form (for exports) re-parses to the same inert tree.
    const html = markdownToSafeHtml(input);
    expect(html).not.toMatch(/<script/i);
    const t = document.createElement('template');
    t.innerHTML = html;
    for (const el of t.content.querySelectorAll('*')) {
      expect(Array.from(el.attributes).some((a) => a.name.startsWith('on'))).toBe(false);
    }
  });

  it('keeps ordinary Markdown', () => {
    const div = inertDom('# Findings\n\n- **Pricing** confuses admins\n- see [the doc](https://example.com/x)\n\n> “I gave up”');
    expect(div.querySelector('h1')?.textContent).toBe('Findings');
    expect(div.querySelectorAll('li')).toHaveLength(2);
    expect(div.querySelector('strong')?.textContent).toBe('Pricing');
    const a = div.querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://example.com/x');
    expect(a?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(div.querySelector('blockquote')).not.toBeNull();
  });

  it('shows raw HTML inside Markdown as the text it is', () => {
    const div = inertDom('Before <img src=x onerror="alert(1)"> after\n\n<div onclick="x()">block</div>');
    expect(div.querySelector('img, div')).toBeNull();
    expect(div.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(div.textContent).toContain('<div onclick="x()">block</div>');
  });

  it('keeps HTML entities as text, never as markup', () => {
    const div = inertDom('5 &lt; 6 and &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(div.textContent).toContain('<script>alert(1)</script>');
    expect(div.querySelector('script')).toBeNull();
  });

  it('drops remote images (local-first) but keeps the alt text', () => {
    const div = inertDom('![a chart](https://tracker.example/pixel.png)');
    const img = div.querySelector('img');
    expect(img?.hasAttribute('src')).toBe(false);
    expect(img?.getAttribute('alt')).toBe('a chart');
  });

  it('runs no script in jsdom while rendering hostile input', () => {
    const w = window as unknown as { __pwned?: number };
    delete w.__pwned;
    for (const h of HOSTILE) document.body.append(inertDom(h));
    expect(w.__pwned).toBeUndefined();
  });
});
