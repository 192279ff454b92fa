// The document view: an item of the list beside the article, clicked, scrolls the text to the span it
// was read from and flashes it. An entity's button steps through its mentions, one per click.
// The text is found by character offsets over the article's own text nodes (badges and anchors that
// the page adds are skipped), so no article text is ever written as markup.
(function () {
  'use strict';
  var article = document.getElementById('doc-text');
  if (!article) return;
  var FLASH_MS = 2400;
  var timer = null;

  // Text nodes of the article text proper, with the offset each starts at.
  function textNodes() {
    var nodes = [];
    var offset = 0;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest('.marker, .anchor')
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) {
      nodes.push({ node: walker.currentNode, start: offset });
      offset += walker.currentNode.data.length;
    }
    return nodes;
  }

  function rangeOf(start, end) {
    var nodes = textNodes();
    var range = document.createRange();
    var begun = false;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i], len = n.node.data.length;
      if (!begun && start < n.start + len) { range.setStart(n.node, Math.max(0, start - n.start)); begun = true; }
      if (begun && end <= n.start + len) { range.setEnd(n.node, Math.max(0, end - n.start)); return range; }
    }
    return null;
  }

  function flash(range) {
    if (timer) clearTimeout(timer);
    document.querySelectorAll('.jump-target').forEach(function (el) { el.classList.remove('jump-target'); });
    if (window.CSS && CSS.highlights && typeof Highlight === 'function') {
      CSS.highlights.set('jump', new Highlight(range));
    }
    var holder = range.commonAncestorContainer;
    holder = holder.nodeType === 1 ? holder : holder.parentElement;
    if (holder && holder !== article) holder.classList.add('jump-target');
    timer = setTimeout(function () {
      if (window.CSS && CSS.highlights) CSS.highlights.delete('jump');
      if (holder) holder.classList.remove('jump-target');
    }, FLASH_MS);
  }

  function jump(button) {
    var spans = (button.getAttribute('data-spans') || '').split(/\s+/).filter(Boolean);
    if (!spans.length) return;
    var next = Number(button.getAttribute('data-next') || 0) % spans.length;
    button.setAttribute('data-next', String(next + 1));
    var parts = spans[next].split('-').map(Number);
    var range = rangeOf(parts[0], parts[1]);
    if (!range) return;
    var rect = range.getBoundingClientRect();
    window.scrollTo({ top: window.scrollY + rect.top - window.innerHeight / 3, behavior: 'auto' });
    flash(range);
    article.setAttribute('data-jumped', parts[0] + '-' + parts[1]);
    if (spans.length > 1) button.setAttribute('title', 'Mention ' + (next + 1) + ' of ' + spans.length + '; click for the next');
  }

  document.querySelectorAll('.extracted button.jump').forEach(function (button) {
    button.addEventListener('click', function () { jump(button); });
  });
})();
