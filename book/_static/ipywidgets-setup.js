// Prepares a built page for the widget manager (web/widget-manager.js, bundled into
// _static/vendor/widgets/ by scripts/setup.sh). myst-nb loads it on pages with widgets only,
// just before the manager (`nb_ipywidgets_js` in _config.yml). It does two things.
//
// 1. MathJax 3. The manager typesets every widget description with MathJax 2's API,
//    `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`, whenever `window.MathJax` exists.
//    MathJax 3 has no `Hub`, so on a page with both math and widgets each label threw
//    "Cannot read properties of undefined (reading 'Queue')" and stayed untypeset. Whatever
//    object becomes `window.MathJax` (Sphinx's configuration object first, then MathJax 3
//    itself, which replaces it when it loads) gets a `Hub.Queue` that forwards "Typeset"
//    commands to MathJax 3's `typesetPromise` once MathJax has started up.
//
// 2. Names for assistive technology. ipywidgets 8 draws a slider as a noUiSlider whose handle
//    (role="slider") has no accessible name and announces its option index ("2") rather than
//    the value shown beside it ("0.1"); its Image widget has no alt attribute. As widgets
//    render, each slider handle gets the text of its label as aria-label and the readout as
//    aria-valuetext, and each image gets the text that the code drawing it put in the widget's
//    tooltip (the title attribute) as its alt text.
(function () {
  "use strict";

  let chain = Promise.resolve();

  function typeset(element) {
    const mathjax = window.MathJax;
    if (mathjax && mathjax.startup && mathjax.startup.promise) {
      chain = chain
        .then(() => mathjax.startup.promise)
        .then(() => mathjax.typesetPromise([element]))
        .catch((error) => console.warn("MathJax could not typeset a widget label:", error));
    } else {
      // MathJax 3 has not loaded yet (it is deferred): retry when the document has loaded.
      window.addEventListener("load", () => typeset(element), { once: true });
    }
  }

  const Hub = {
    Queue(...commands) {
      for (const command of commands) {
        if (Array.isArray(command) && command[0] === "Typeset" && command[2]) {
          typeset(command[2]);
        }
      }
    },
  };

  function withHub(value) {
    if (value && typeof value === "object" && !("Hub" in value)) {
      Object.defineProperty(value, "Hub", { value: Hub, enumerable: false });
    }
    return value;
  }

  let current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get() {
      return current;
    },
    set(value) {
      current = withHub(value);
    },
  });

  function nameSlider(slider) {
    const handle = slider.querySelector(".noUi-handle");
    if (!handle) return;
    const label = slider.querySelector(".widget-label");
    const name = label ? label.textContent.trim() : "";
    if (name && handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
    const readout = slider.querySelector(".widget-readout");
    const value = readout ? readout.textContent.trim() : "";
    if (value && handle.getAttribute("aria-valuetext") !== value) {
      handle.setAttribute("aria-valuetext", value);
    }
  }

  function describeImage(image) {
    const text = image.getAttribute("title");
    if (text && image.getAttribute("alt") !== text) image.setAttribute("alt", text);
  }

  function nameWidgets() {
    document.querySelectorAll(".widget-slider").forEach(nameSlider);
    document.querySelectorAll("img.widget-image").forEach(describeImage);
  }

  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      nameWidgets();
    });
  });
  function watch() {
    nameWidgets();
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["title", "aria-valuenow"],
    });
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch, { once: true });
})();
