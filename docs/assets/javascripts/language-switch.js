// The language switch leads to the same place on the twin page: both languages share every
// heading's anchor, so the reader's anchor is carried over.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a.md-select__link[hreflang]");
  if (!link || !location.hash || new URL(link.href).hash) return;
  event.preventDefault();
  location.href = link.href + location.hash;
});
