// Markdown written or imported by anyone becomes HTML only through here:
// 1. marked renders it, with raw HTML inside the Markdown shown as text (a note is writing,
//    not a web page — and so no hostile tag even reaches the parser);
// 2. DOMPurify still removes anything that could run script or reach the network (a
//    javascript: link, a remote image), and links get rel="noopener noreferrer";
// 3. the clean HTML is parsed inside a <template>, where nothing loads or runs, and only
//    then appended.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // Block and inline HTML in the Markdown source, as the text it is.
    html: ({ text }) => escapeHtml(text),
  },
});

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
  const template = document.createElement('template');
  template.innerHTML = markdownToSafeHtml(markdown);
  return template.content;
}
