// Live reload for `kompetanse serve`. Served only by the preview server at
// /__kompetanse/live.js and never part of a build. It listens to /__kompetanse/events:
// `reload` after a successful rebuild (after an incremental one with the pages it wrote, so
// only tabs showing one of them fetch anything), `status` on connect and after a failed
// rebuild, when the problems are shown in an overlay. Diagnostic text is only ever set with textContent.
(function () {
  "use strict";
  if (typeof window.EventSource === "undefined") {
    return;
  }
  var OVERLAY_ID = "kompetanse-bygg-feilet";
  var version = null;

  function style(element, css) {
    element.style.cssText = css;
    return element;
  }

  function removeOverlay() {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) {
      overlay.parentNode.removeChild(overlay);
    }
  }

  function showOverlay(errors) {
    removeOverlay();
    var overlay = style(
      document.createElement("section"),
      "position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:60vh;" +
        "overflow:auto;box-sizing:border-box;padding:1rem 1.25rem;margin:0;background:#fff;" +
        "color:#1b1b1b;border:3px solid #a4000f;border-radius:6px;" +
        "box-shadow:0 4px 24px rgba(0,0,0,.35);font:16px/1.45 system-ui,sans-serif;text-align:left"
    );
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-tittel");

    var heading = style(document.createElement("h2"), "margin:0 0 .5rem;font-size:1.25rem;color:#a4000f");
    heading.id = OVERLAY_ID + "-tittel";
    heading.textContent = "Bygget feilet";
    overlay.appendChild(heading);

    var intro = style(document.createElement("p"), "margin:0 0 .75rem");
    intro.textContent =
      "Forhåndsvisningen viser forrige vellykkede bygg. Rett feilen og lagre filen, så " +
      "oppdateres siden av seg selv.";
    overlay.appendChild(intro);

    var list = style(
      document.createElement("ul"),
      "margin:0;padding-left:1.25rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
        "white-space:pre-wrap;overflow-wrap:anywhere"
    );
    var items = errors.length ? errors : ["Ukjent feil; se terminalen der kompetanse serve kjører."];
    for (var i = 0; i < items.length; i++) {
      var item = style(document.createElement("li"), "margin:0 0 .4rem");
      item.textContent = String(items[i]);
      list.appendChild(item);
    }
    overlay.appendChild(list);

    var close = style(
      document.createElement("button"),
      "margin-top:.75rem;padding:.35rem .9rem;font:inherit;cursor:pointer;background:#fff;" +
        "color:#1b1b1b;border:2px solid #1b1b1b;border-radius:4px"
    );
    close.type = "button";
    close.textContent = "Skjul";
    close.addEventListener("click", removeOverlay);
    overlay.appendChild(close);

    (document.body || document.documentElement).appendChild(overlay);
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  function onStatus(event) {
    var state = parse(event.data);
    if (!state) {
      return;
    }
    if (version === null) {
      version = state.version;
    } else if (state.ok && state.version !== version) {
      // Built (or restarted) while this page was open or disconnected.
      window.location.reload();
      return;
    }
    if (state.ok) {
      removeOverlay();
    } else {
      showOverlay(state.errors || []);
    }
  }

  // A service worker left from an earlier visit (the site's offline support) would answer
  // from its cache, and the preview would not show the latest build. The preview server
  // refuses to hand out service worker scripts; this removes any that are already installed.
  if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) {
        registration.unregister();
      });
    }).catch(function () {});
  }

  // After a rebuild that changed only the text of edited pages, swapping in the new main
  // content is much faster than reloading the page with its styles and scripts. The event
  // carries the edited page's text (`html`); a page that only lists it is fetched.
  function swapContent(state, html) {
    var current = document.getElementById("hovedinnhold");
    if (!current || !window.DOMParser || (html === undefined && !window.fetch)) {
      window.location.reload();
      return;
    }
    function swap(html) {
      var fresh = new window.DOMParser().parseFromString(html, "text/html");
      var main = fresh.getElementById("hovedinnhold");
      if (!main) {
        window.location.reload();
        return;
      }
      current.replaceWith(document.importNode(main, true));
      document.title = fresh.title;
      version = state.version;
      removeOverlay();
    }
    if (html !== undefined) {
      swap(html);
      return;
    }
    window.fetch(window.location.pathname + window.location.search, { cache: "no-store" })
      .then(function (response) {
        return response.text();
      })
      .then(swap)
      .catch(function () {
        window.location.reload();
      });
  }

  // The file this tab shows, as the paths in events name it ("/a/b/index.html"); null when
  // the address cannot be decoded.
  function shownPath() {
    var path;
    try {
      path = decodeURIComponent(window.location.pathname);
    } catch (e) {
      return null;
    }
    if (path.charAt(path.length - 1) === "/") {
      path += "index.html";
    } else if (path.slice(path.lastIndexOf("/") + 1).indexOf(".") < 0) {
      path += "/index.html";
    }
    return path;
  }

  var source = new window.EventSource("/__kompetanse/events");
  source.addEventListener("status", onStatus);
  source.addEventListener("reload", function (event) {
    var state = parse(event.data);
    if (state && state.content_only) {
      var path = shownPath();
      var fresh = state.fresh || [];
      for (var i = 0; path !== null && i < fresh.length; i++) {
        if (fresh[i].paths.indexOf(path) >= 0) {
          swapContent(state, fresh[i].html);
          return;
        }
      }
      if (path !== null && state.pages && state.pages.length && state.pages.indexOf(path) < 0) {
        // Another page was edited; this one is as it was.
        version = state.version;
        removeOverlay();
        return;
      }
      swapContent(state);
    } else {
      window.location.reload();
    }
  });
})();
