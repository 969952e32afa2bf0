// Remember whether the reader reads a block's output or its source, on every page, in both
// languages: the tabs are labelled in the page's language, so Material's own linking of tabs
// by label cannot carry the choice from one language to the other.
(() => {
  const KEY = "python-concurrency.view";
  const LABELS = { output: ["运行结果", "Output"], source: ["源代码", "Source"] };
  const viewOf = (label) =>
    Object.keys(LABELS).find((view) => LABELS[view].includes(label.textContent.trim()));

  function show(view) {
    for (const label of document.querySelectorAll(".tabbed-labels > label")) {
      const input = document.getElementById(label.htmlFor);
      if (input && !input.checked && viewOf(label) === view) {
        input.checked = true;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  }

  document.addEventListener("click", (event) => {
    const label = event.target.closest?.(".tabbed-labels > label");
    const view = label && viewOf(label);
    if (view) {
      try {
        localStorage.setItem(KEY, view);
      } catch {
        // storage unavailable (private mode): the choice lasts for this page only
      }
    }
  });

  let saved = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    saved = null;
  }
  if (saved in LABELS) show(saved);
})();
