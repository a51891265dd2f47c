// Glue between Decap CMS and kompetanse: reads the configuration the tool generated from the
// content model (config.json), registers the front-matter format that edits files in place,
// and, under `kompetanse serve`, a preview that is the page as the site renders it plus the
// diagnostics of `check`, and a notice when a rebuild fails. Text from the server is only
// ever shown through textContent or as the site's own rendered HTML.
import { parse, serialize, shapeOf } from "./kompetanse-format.js";

const CMS = window.CMS;
const h = window.h;

// The texts of the site's language (config.json's `_kompetanse.texts`); bokmål until then.
let texts = {};
function t(key, fallback, args = {}) {
  let text = texts[key] || fallback;
  for (const [name, value] of Object.entries(args)) {
    text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

function fail(message) {
  const box = document.createElement("p");
  box.setAttribute("role", "alert");
  box.style.cssText = "margin:2rem;font:18px/1.5 system-ui,sans-serif;color:#a4000f";
  box.textContent = message;
  document.body.appendChild(box);
}

async function start() {
  let config;
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    config = await response.json();
    if (!response.ok) {
      throw new Error(config.error || response.statusText);
    }
  } catch (err) {
    fail("Kunne ikke lese redigeringens oppsett (config.json): " + err.message);
    return;
  }
  const own = config._kompetanse || {};
  delete config._kompetanse;
  texts = own.texts || {};
  const options = {
    texts,
    formFields: new Set(own.form_fields || []),
    keepEmpty: own.keep_empty || [],
    shape: shapeOf(config.collections),
  };
  // The format as Decap uses it, for tests that run every page through it.
  window.kompetanseFormat = {
    parse: (text) => parse(text, options),
    serialize: (data) => serialize(data, options),
  };

  // Decap appends a line break to whatever a format returns that lacks one; a file without
  // a final line break would gain one on every save. The format's own texts are remembered,
  // and the backend is handed them back as the format wrote them.
  const written = new Map();
  CMS.registerCustomFormat("kompetanse", "md", {
    fromFile: (text) => parse(text, options),
    toFile: (data) => {
      const text = serialize(data, options);
      if (!text.endsWith("\n")) {
        if (written.size > 100) {
          written.clear();
        }
        written.set(text + "\n", text);
      }
      return text;
    },
  });
  keepFinalLineBreaks(config.backend.name, written);

  if (own.stylesheet) {
    // The site's own stylesheet, beside /admin/ wherever the site is published.
    CMS.registerPreviewStyle(new URL("../" + own.stylesheet.replace(/^\//, ""), window.location.href).href);
  }
  if (own.local) {
    // The local backend answers on the preview's own port.
    config.backend.proxy_url = new URL(config.backend.proxy_url, window.location.href).href;
    const Preview = previewTemplate(own, options);
    for (const collection of config.collections) {
      if (collection.files) {
        for (const file of collection.files) {
          CMS.registerPreviewTemplate(file.name, Preview);
        }
      } else {
        CMS.registerPreviewTemplate(collection.name, Preview);
      }
    }
    watchBuilds(own.events);
  } else if (own.published) {
    const Published = publishedTemplate(own.published);
    for (const collection of config.collections) {
      for (const file of collection.files || [collection]) {
        CMS.registerPreviewTemplate(file.name, Published);
      }
    }
  }
  CMS.init({ config });
}

/** Wraps the backend `name` so that the files it saves are the format's texts. */
function keepFinalLineBreaks(name, written) {
  const registered = CMS.getBackend(name);
  if (!registered || typeof registered.init !== "function") {
    return;
  }
  const init = registered.init;
  registered.init = (...args) => {
    const backend = init(...args);
    const persist = backend.persistEntry.bind(backend);
    backend.persistEntry = (entry, options) => {
      const dataFiles = (entry.dataFiles || []).map((file) =>
        written.has(file.raw) ? { ...file, raw: written.get(file.raw) } : file
      );
      return persist({ ...entry, dataFiles }, options);
    };
    return backend;
  };
}

function entryPath(props) {
  const entry = props.entry;
  const path = entry.get("path");
  if (path) {
    return path;
  }
  const collection = props.collection;
  const folder = (collection && collection.get("folder")) || "content";
  const slug = entry.get("slug") || "ny-side";
  return folder + "/" + slug + ".md";
}

// The page as the site renders it, from the preview server's POST endpoint.
function previewTemplate(own, options) {
  return window.createClass({
    getInitialState() {
      return { answer: null, error: null };
    },
    componentDidMount() {
      this.seq = 0;
      this.schedule();
    },
    componentDidUpdate(previous) {
      if (previous.entry !== this.props.entry) {
        this.schedule();
      }
      this.setBase();
    },
    componentWillUnmount() {
      clearTimeout(this.timer);
      this.seq += 1;
    },
    schedule() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), 300);
    },
    setBase() {
      // Relative links and images of the page resolve against the page's own address.
      const doc = this.props.document;
      const url = this.state.answer && this.state.answer.url;
      if (!doc || url == null || !doc.head) {
        return;
      }
      let base = doc.head.querySelector("base");
      if (!base) {
        base = doc.createElement("base");
        doc.head.insertBefore(base, doc.head.firstChild);
      }
      base.setAttribute("href", "/" + url);
    },
    async load() {
      const seq = ++this.seq;
      let text;
      try {
        text = serialize(this.props.entry.get("data").toJS(), options);
      } catch (err) {
        this.setState({ error: err.message });
        return;
      }
      try {
        const response = await fetch(own.preview, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ path: entryPath(this.props), text }),
        });
        const answer = await response.json();
        if (seq === this.seq) {
          this.setState({ answer, error: response.ok ? null : answer.error || response.statusText });
        }
      } catch (err) {
        if (seq === this.seq) {
          this.setState({ error: t("preview_unreachable", "Forhåndsvisningen svarer ikke: {error}", { error: err.message }) });
        }
      }
    },
    render() {
      const { answer, error } = this.state;
      const children = [];
      const problems = (answer && answer.diagnostics) || [];
      if (error) {
        children.push(h("p", { key: "e", role: "alert", className: "kompetanse-feil" }, error));
      }
      children.push(
        h(
          "section",
          {
            key: "d",
            className: "kompetanse-kontroll",
            "aria-label": t("check_label", "Kontroll av siden"),
            style: {
              margin: "0 0 1rem",
              padding: ".75rem 1rem",
              border: "2px solid " + (problems.some((p) => p.severity === "feil") ? "#a4000f" : "#2e6b30"),
              borderRadius: "6px",
              font: "15px/1.45 system-ui,sans-serif",
            },
          },
          h(
            "p",
            { style: { margin: 0, fontWeight: "bold" } },
            answer == null
              ? t("checking", "Kontrollerer siden …")
              : problems.length === 0
                ? t("check_ok", "Kontroll: ingen feil eller advarsler.")
                : t("check_found", "Kontroll: {n} funn", { n: problems.length })
          ),
          problems.length > 0
            ? h(
                "ul",
                { style: { margin: ".5rem 0 0", paddingLeft: "1.25rem" } },
                problems.map((p, i) => h("li", { key: i }, t("severity_" + p.severity, p.severity) + ": " + p.message))
              )
            : null
        )
      );
      if (answer && answer.html) {
        children.push(h("div", { key: "p", className: "kompetanse-side", dangerouslySetInnerHTML: { __html: answer.html } }));
      }
      return h("div", { className: "kompetanse-forhandsvisning" }, children);
    },
  });
}

// The hosted editor's preview: the page as last published (the site is built by CI, and
// no server renders the text being typed), fetched from the same build, clearly labelled.
function publishedTemplate(published) {
  const cache = new Map();
  const main = (url) => {
    if (!cache.has(url)) {
      cache.set(
        url,
        fetch(new URL("../" + url, window.location.href), { credentials: "same-origin" })
          .then((response) => (response.ok ? response.text() : ""))
          .then((html) => {
            const doc = new DOMParser().parseFromString(html, "text/html");
            return doc.querySelector("main")?.outerHTML || "";
          })
          .catch(() => "")
      );
    }
    return cache.get(url);
  };
  return window.createClass({
    getInitialState() {
      return { html: null };
    },
    componentDidMount() {
      this.load();
    },
    componentDidUpdate(previous) {
      if (entryPath(previous) !== entryPath(this.props)) {
        this.load();
      }
    },
    async load() {
      const path = entryPath(this.props);
      const url = published[path];
      const html = url == null ? "" : await main(url);
      if (entryPath(this.props) === path) {
        this.setState({ html, url });
      }
    },
    render() {
      const { html } = this.state;
      return h(
        "div",
        { className: "kompetanse-forhandsvisning" },
        h(
          "p",
          {
            key: "n",
            role: "note",
            className: "kompetanse-publisert",
            style: {
              margin: "0 0 1rem",
              padding: ".75rem 1rem",
              border: "2px solid #1f4e79",
              borderRadius: "6px",
              font: "15px/1.45 system-ui,sans-serif",
            },
          },
          t(
            "published_note",
            "Forhåndsvisningen viser siden slik den ble publisert sist, ikke teksten du skriver. Lagre for å se endringene etter neste bygg."
          )
        ),
        html
          ? h("section", {
              key: "p",
              className: "kompetanse-side",
              "aria-label": t("published_frame", "Publisert versjon av siden"),
              dangerouslySetInnerHTML: { __html: html },
            })
          : null
      );
    },
  });
}

// A failed rebuild after a save: say so in the editor, with the errors; what was saved stays.
function watchBuilds(path) {
  if (!path || typeof window.EventSource === "undefined") {
    return;
  }
  const banner = document.createElement("div");
  banner.id = "kompetanse-bygg";
  banner.setAttribute("role", "status");
  banner.style.cssText =
    "position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:40vh;overflow:auto;" +
    "padding:.75rem 1rem;background:#fff;color:#1b1b1b;border:3px solid #a4000f;border-radius:6px;" +
    "font:15px/1.45 system-ui,sans-serif;display:none";
  document.body.appendChild(banner);
  const show = (status) => {
    banner.textContent = "";
    if (!status || status.ok) {
      banner.style.display = "none";
      return;
    }
    const title = document.createElement("strong");
    title.textContent = t(
      "build_failed",
      "Bygget feilet etter siste endring. Det du skrev er lagret; rett feilen, så bygges nettstedet igjen."
    );
    banner.appendChild(title);
    const list = document.createElement("ul");
    for (const error of status.errors || []) {
      const item = document.createElement("li");
      item.textContent = String(error);
      list.appendChild(item);
    }
    banner.appendChild(list);
    banner.style.display = "block";
  };
  const events = new EventSource(path);
  const read = (event) => {
    try {
      show(JSON.parse(event.data));
    } catch {
      // A keep-alive or unknown event: nothing to show.
    }
  };
  events.addEventListener("status", read);
  events.addEventListener("reload", read);
}

// Accessible names Decap's widgets leave out (checked with axe in the browser tests): the
// drag handles of list items, the Markdown editor, icon-only buttons and the preview frame.
function repairNames(root) {
  const name = (element, label) => {
    if (!element.getAttribute("aria-label") && !element.getAttribute("aria-labelledby")) {
      element.setAttribute("aria-label", label);
    }
  };
  for (const handle of root.querySelectorAll('[aria-roledescription="sortable"]')) {
    name(handle, t("move_item", "Flytt elementet"));
  }
  for (const editor of root.querySelectorAll('[role="textbox"][contenteditable="true"]')) {
    const label = editor.closest('[class*="ControlContainer"]')?.querySelector("label");
    name(editor, label ? label.textContent : t("text", "Tekst"));
  }
  for (const button of root.querySelectorAll("button")) {
    const text = button.textContent.trim();
    const label = button.getAttribute("aria-label");
    if (text !== "" && label && !label.toLowerCase().includes(text.toLowerCase())) {
      // Decap's English label («Set updated to now») hides the Norwegian text («Nå»).
      const field = button.closest('[class*="ControlContainer"]')?.querySelector("label");
      button.setAttribute("aria-label", field ? `${text} (${field.textContent})` : text);
    }
    if (text === "") {
      const title = button.getAttribute("title");
      const topBar = String(button.className).includes("TopBarButton");
      name(button, title || (topBar ? t("toggle_items", "Vis eller skjul elementene") : t("button", "Knapp")));
    }
  }
  for (const frame of root.querySelectorAll("iframe:not([title])")) {
    frame.setAttribute("title", t("preview_frame", "Forhåndsvisning av siden"));
  }
}

new MutationObserver(() => repairNames(document)).observe(document.documentElement, {
  childList: true,
  subtree: true,
});

start();
