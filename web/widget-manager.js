// The widget manager of the built website: renders the ipywidgets state that myst-nb writes
// into each page (a <script type="application/vnd.jupyter.widget-state+json"> with every
// model, and a <script type="application/vnd.jupyter.widget-view+json"> where each widget is
// shown), with no kernel.
//
// Why not @jupyter-widgets/html-manager's embed-amd.js. That bundle (4.4 MB, 1.13 MB gzipped)
// carries the Output widget and with it JupyterLab's rendermime, CodeMirror, React, Blueprint
// icons, Font Awesome and a JSON-schema validator; the book's explorations use none of them
// (a box of SelectionSliders, Dropdowns and one Image, all in @jupyter-widgets/controls). This file is the same manager without them: ManagerBase from
// @jupyter-widgets/base-manager, the base and controls modules, and lumino to attach views,
// bundled by esbuild (scripts/setup.sh) into _static/vendor/widgets/. A model from any other
// module fails loudly (console error, and the browser tests fail on console errors).
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as base from "@jupyter-widgets/base";
import * as controls from "@jupyter-widgets/controls";
import { MessageLoop } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";

import "@lumino/widgets/style/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "@jupyter-widgets/controls/css/labvariables.css";

const MODULES = {
  "@jupyter-widgets/base": base,
  "@jupyter-widgets/controls": controls,
};

class PageManager extends ManagerBase {
  constructor() {
    super();
    this.views = new Set();
    window.addEventListener("resize", () => {
      for (const view of this.views) {
        MessageLoop.postMessage(view.luminoWidget, Widget.ResizeMessage.UnknownSize);
      }
    });
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (module === undefined || module[className] === undefined) {
      throw new Error(`widget class ${className} of ${moduleName}@${moduleVersion} is not bundled`);
    }
    return module[className];
  }

  async display_view(view, element) {
    const shown = await view;
    Widget.attach(shown.luminoWidget, element);
    this.views.add(shown);
    shown.once("remove", () => this.views.delete(shown));
  }

  // A static page has no kernel: no comm ever opens.
  _get_comm_info() {
    return Promise.resolve({});
  }

  _create_comm() {
    return Promise.resolve({ on_close() {}, on_msg() {}, close() {} });
  }
}

// A static exploration (curvlab.widgets.core.Exploration) is a box whose children are its
// controls and, last, one Image; the box's state also holds `frame_urls` and `frame_alts`, the
// URL and text alternative of the frame at every point of the control grid in row-major order
// (the last control varies fastest). When a control moves, the image shows the frame at the
// controls' grid point, as the kernel does in a notebook. An exploration whose state does not
// fit that shape is reported, never half-wired.
const utf8 = new TextEncoder();

function wireExploration(box) {
  const urls = box.get("frame_urls");
  if (!Array.isArray(urls) || urls.length === 0) return;
  const alts = box.get("frame_alts");
  const children = box.get("children");
  const controls = children.slice(0, -1);
  const image = children[children.length - 1];
  const sizes = controls.map((control) => (control.get("_options_labels") || []).length);
  const cells = sizes.reduce((product, size) => product * size, 1);
  if (controls.length === 0 || cells !== urls.length || alts.length !== urls.length) {
    throw new Error(`exploration ${box.model_id}: ${urls.length} frames for a grid of ${cells}`);
  }
  const show = () => {
    const index = controls.reduce(
      (flat, control, i) => flat * sizes[i] + control.get("index"),
      0,
    );
    image.set({ value: new DataView(utf8.encode(urls[index]).buffer), tooltip: alts[index] });
  };
  for (const control of controls) box.listenTo(control, "change:index", show);
}

async function renderState(stateTag) {
  const manager = new PageManager();
  const models = await manager.set_state(JSON.parse(stateTag.textContent));
  models.forEach(wireExploration);
  const byId = new Map(models.map((model) => [model.model_id, model]));
  const viewTags = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]',
  );
  await Promise.all(
    Array.from(viewTags, async (viewTag) => {
      const model = byId.get(JSON.parse(viewTag.textContent).model_id);
      if (model === undefined || viewTag.parentElement === null) return;
      const area = document.createElement("div");
      area.className = "widget-subarea";
      viewTag.parentElement.insertBefore(area, viewTag);
      await manager.display_view(manager.create_view(model), area);
    }),
  );
}

// The stylesheet esbuild wrote beside this script, loaded only on pages that have widgets.
function addStylesheet(script) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = script.src.replace(/\.js(\?.*)?$/, ".css");
  document.head.appendChild(link);
}

function renderPage() {
  const states = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-state+json"]',
  );
  for (const stateTag of states) {
    renderState(stateTag).catch((error) => console.error("widgets could not render:", error));
  }
}

addStylesheet(document.currentScript);
if (document.readyState === "complete") renderPage();
else window.addEventListener("load", renderPage, { once: true });
