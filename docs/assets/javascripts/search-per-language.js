// Each language searches its own index (hooks/search_per_language.py writes them), fetched
// once the reader opens the search, not with every page. Material asks for
// <site>/search/search_index.json as soon as a page loads: an English page is pointed at
// <site>/en/search/…, and the request waits until the search is first opened.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  let searching = false;
  const waiting = [];

  function start() {
    if (searching) return;
    searching = true;
    for (const request of waiting.splice(0)) send.call(request);
  }

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const address = new URL(url, location.href);
    if (INDEX.test(address.pathname)) {
      if (document.documentElement.lang === "en" && !/\/en\/search\//.test(address.pathname)) {
        address.pathname = address.pathname.replace(INDEX, "/en/search/search_index.json");
      }
      this.searchIndex = true;
    }
    return open.call(this, method, address.href, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...body) {
    if (this.searchIndex && !searching) {
      waiting.push(this);
      return;
    }
    return send.apply(this, body);
  };

  // What opens the search: a click or focus on its field or button, or its keyboard keys.
  document.addEventListener("focusin", (event) => {
    if (event.target.closest?.(".md-search")) start();
  });
  document.addEventListener("change", (event) => {
    if (event.target.id === "__search") start();
  });
  document.addEventListener("keydown", (event) => {
    if (["/", "s", "f"].includes(event.key)) start();
  });
  // A link that opens a page with its search terms highlighted needs the index at once.
  if (new URLSearchParams(location.search).has("h")) start();
})();
