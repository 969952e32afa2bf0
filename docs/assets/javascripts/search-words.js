// Chinese has no spaces between words: the index separates them (jieba, at build time) with
// U+200B, so a query is split the same way, with the browser's own word segmenter, before
// Material's search reads it. "进程池" then finds the pages about 进程 and 池, not nothing.
(() => {
  if (!("Segmenter" in Intl)) return;
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  const CHINESE = /[\u4e00-\u9fff]/;
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!field.matches?.("input.md-search__input") || !CHINESE.test(field.value)) return;
    const words = [...segmenter.segment(field.value.replaceAll("\u200b", ""))]
      .map((part) => part.segment)
      .filter((word) => word.trim());
    const spaced = words.join("\u200b");
    if (spaced !== field.value) field.value = spaced;
  });
})();
