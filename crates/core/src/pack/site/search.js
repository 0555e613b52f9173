// Search across a research pack, from file:// (no fetch, no modules): the index is the
// plain script search-index.js, loaded before this one. Results are built with text nodes
// only, so nothing in the pack can become markup.
(function () {
  'use strict';
  var docs = window.GROUNDWORK_PACK || [];
  var input = document.getElementById('q');
  var out = document.getElementById('results');
  if (!input || !out) return;
  var lower = null; // each document's title and text, lower-cased once, on first search
  var weight = { insight: 4, highlight: 3, persona: 3, tree: 2, tag: 2, interview: 2, note: 1, passage: 1, feedback: 1 };

  function words(q) {
    return q.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function search(q) {
    var ws = words(q);
    if (ws.length === 0) return [];
    prepare();
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var text = lower[i];
      var score = 0;
      for (var j = 0; j < ws.length; j++) {
        var at = text.indexOf(ws[j]);
        if (at < 0) { score = -1; break; }
        score += 1 + (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]) ? 1 : 0);
      }
      if (score > 0) hits.push([score * (weight[docs[i][1]] || 1), i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return hits.slice(0, 50).map(function (h) { return h[1]; });
  }

  // The text around the first word found, with each word found marked.
  function snippet(text, ws) {
    var low = text.toLowerCase();
    var first = low.indexOf(ws[0]);
    var from = Math.max(0, first - 60);
    var part = (from > 0 ? '…' : '') + text.slice(from, from + 220) + (from + 220 < text.length ? '…' : '');
    var span = document.createElement('span');
    span.className = 'snippet';
    var lowPart = part.toLowerCase();
    var at = 0;
    while (at < part.length) {
      var next = -1, len = 0;
      for (var j = 0; j < ws.length; j++) {
        var k = lowPart.indexOf(ws[j], at);
        if (k >= 0 && (next < 0 || k < next)) { next = k; len = ws[j].length; }
      }
      if (next < 0) { span.appendChild(document.createTextNode(part.slice(at))); break; }
      span.appendChild(document.createTextNode(part.slice(at, next)));
      var m = document.createElement('mark');
      m.textContent = part.slice(next, next + len);
      span.appendChild(m);
      at = next + len;
    }
    return span;
  }

  function prepare() {
    if (lower === null) lower = docs.map(function (d) { return (d[2] + '\n' + d[3]).toLowerCase(); });
  }
  // Lower-case the index once the page is up, not on the first keystroke (a second at 100k).
  setTimeout(prepare, 0);

  var timer = null;
  function show() {
    var q = input.value;
    var found = search(q);
    var ws = words(q);
    out.textContent = '';
    if (ws.length === 0) return;
    var summary = document.createElement('p');
    summary.textContent = found.length === 0 ? 'Nothing in this pack matches “' + q + '”.' :
      (found.length === 50 ? 'The first 50 matches' : found.length + (found.length === 1 ? ' match' : ' matches'));
    out.appendChild(summary);
    var list = document.createElement('ol');
    found.forEach(function (i) {
      var d = docs[i];
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = d[0];
      a.textContent = d[2] || d[1];
      li.appendChild(a);
      li.appendChild(document.createTextNode(' (' + d[1] + ')'));
      if (d[3]) li.appendChild(snippet(d[3], ws));
      list.appendChild(li);
    });
    out.appendChild(list);
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(show, 60);
  });
  input.form.addEventListener('submit', function (e) { e.preventDefault(); show(); });
  if (input.value) show();
})();
