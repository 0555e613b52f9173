// Markdown written or imported by anyone becomes HTML only through here: marked renders it,
// DOMPurify removes everything that could run script or reach the network, and links get
// rel="noopener noreferrer". The result is a DOM fragment, so nothing is re-parsed after
// sanitising.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const SAFE_LINK = /^(https?:|mailto:|#)/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_LINK.test(href.trim())) node.removeAttribute('href');
      node.setAttribute('rel', 'noopener noreferrer');
      node.setAttribute('target', '_blank');
    }
    if (node.tagName === 'IMG') {
      // Local-first: no image may be fetched from anywhere, which also keeps the CSP quiet.
      const src = node.getAttribute('src') ?? '';
      if (!/^data:image\/(png|jpe?g|gif|webp);/i.test(src)) node.removeAttribute('src');
    }
  });
  purifier = p;
  return p;
}

const CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
  FORBID_ATTR: ['style', 'srcset', 'formaction', 'action'],
  ALLOW_DATA_ATTR: false,
};

/** Markdown → HTML string with nothing active in it (for tests and exports). */
export function markdownToSafeHtml(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return getPurifier().sanitize(html, CONFIG) as string;
}

/** Markdown → a sanitised fragment, ready to append. */
export function markdownToFragment(markdown: string): DocumentFragment {
  const html = marked.parse(markdown) as string;
  return getPurifier().sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true }) as unknown as DocumentFragment;
}
