/*!
 * flex-webchat-next embed script. One tag on any page of an allowed site (EMBED_ALLOWED_ORIGINS):
 *
 *   <script src="https://chat.example.com/embed.js" async></script>
 *
 * It adds a chat button and a panel holding the chat (an iframe of https://chat.example.com/embed), and a small API:
 *
 *   FlexWebchat.open() / .close() / .toggle() / .isOpen()
 *   FlexWebchat.setPreEngagement({ name: "Ada", email: "ada@example.com" })
 *   FlexWebchat.on("opened" | "closed" | "unread" | "ended" | "invitation", listener) // also "flexwebchat:<type>"
 *   FlexWebchat.invite({ message: "Questions about plans?", after: 20, pages: ["/pricing*"] })
 *
 * Options, as attributes of the script tag: data-lang ("en", "es", "ar"), data-theme ("light", "dark"; default: the
 * visitor's system setting), data-context (a known visitor's details, signed by your server: see the README),
 * data-color (the button's colour, a CSS colour; default: the configured brand), data-label (the button's accessible
 * name), data-preload (when the chat loads, ahead of the click: "idle" once the page has loaded and gone quiet,
 * "intent" when the pointer rests on the button or it gets focus, "none" only on the click, "load" with the button,
 * as the page loads — its load event then waits for the chat: for a page that is there for the chat; default "idle"),
 * data-share-query ("true": the page's query string goes with its path to the agent; default: the path only),
 * data-invite (a greeting shown beside the button — an invitation to chat — when the rules below hold; accepted, it
 * opens the form and starts the chat's conversation), data-invite-after (seconds on the page first; default 20),
 * data-invite-pages (comma-separated paths where it may show, "*" matching anything; default every page). An
 * invitation shows only within the chat's operating hours, when no chat of the visitor's is under way, the panel is
 * closed and nothing is unread, once per page view, never on phones, and never takes the focus.
 * Nothing is stored on the host page, ever, and a warmed chat stores nothing either until a chat starts.
 */
// One file on purpose: it ships to other sites as one script with no module loader (the launcher, its panel, the
// preview card and the JS API), minified by scripts/build-embed.mts.
(function () {
  "use strict";
  if (window.FlexWebchat) return;

  var script = document.currentScript;
  if (!script || !script.src) return;
  var chatOrigin = new URL(script.src).origin;
  var HOST_SOURCE = "flex-webchat:host";
  var CHAT_SOURCE = "flex-webchat:chat";
  // The English catalog's words (written in at build by scripts/build-embed.mts) until the chat, in its own
  // language, says otherwise; data-label, if given, always wins.
  /* global __FW_LABELS__ */
  var fixedLabel = script.getAttribute("data-label");
  var label = fixedLabel || __FW_LABELS__.open;
  var closeLabel = __FW_LABELS__.close;
  var unreadLabel = null;
  var lang = script.getAttribute("data-lang");
  var theme = script.getAttribute("data-theme");
  var context = script.getAttribute("data-context");
  var color = script.getAttribute("data-color");
  var preload = script.getAttribute("data-preload");
  if (preload !== "load" && preload !== "intent" && preload !== "none") preload = "idle";
  var shareQuery = script.getAttribute("data-share-query") === "true";
  var lastPage = "";
  // A mistake in the invitation's attributes costs the invitation, never the launcher.
  var invitation = null;
  try {
    invitation = readInvitationRules({
      message: script.getAttribute("data-invite"),
      after: script.getAttribute("data-invite-after"),
      pages: script.getAttribute("data-invite-pages"),
    });
  } catch (error) {
    console.warn(error.message);
  }

  var css =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".launcher{position:fixed;inset-block-end:24px;inset-inline-end:24px;z-index:2147483000;width:60px;height:60px;" +
    "border:0;border-radius:50%;background:var(--fw-brand);color:var(--fw-on-brand);cursor:pointer;display:grid;" +
    "place-items:center;box-shadow:0 6px 20px rgba(0,0,0,.25);transition:transform .15s ease}" +
    ".launcher:hover{transform:scale(1.05)}" +
    ".launcher:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}" +
    ".launcher svg{width:28px;height:28px}" +
    ".badge{position:absolute;inset-block-start:-4px;inset-inline-end:-4px;min-width:24px;height:24px;padding:0 6px;" +
    "border-radius:12px;background:#c4001d;color:#fff;font:700 13px/24px system-ui,sans-serif;text-align:center;" +
    "border:2px solid #fff}" +
    ".badge[hidden]{display:none}" +
    ".panel{position:fixed;inset-block-end:96px;inset-inline-end:24px;z-index:2147483000;width:min(400px,calc(100vw - 48px));" +
    "height:min(680px,calc(100vh - 120px));border-radius:16px;overflow:hidden;background:var(--fw-surface);" +
    "box-shadow:0 12px 40px rgba(0,0,0,.3);display:flex;flex-direction:column;" +
    // Opening grows the panel out of the launcher's corner (200 ms); closing fades it, then hides it.
    "transform-origin:100% 100%;transition:opacity .2s ease,transform .2s ease,visibility 0s}" +
    ".panel:dir(rtl){transform-origin:0 100%}" +
    ".panel[hidden]{visibility:hidden;opacity:0;transform:scale(.9);transition-delay:0s,0s,.2s}" +
    ".preview{position:fixed;inset-block-end:96px;inset-inline-end:24px;z-index:2147483000;max-width:300px;" +
    "display:flex;align-items:flex-start;background:var(--fw-surface);color:var(--fw-text);border-radius:14px;" +
    "box-shadow:0 8px 28px rgba(0,0,0,.22);font:15px/1.4 system-ui,sans-serif}" +
    ".preview[hidden]{display:none}" +
    ".preview button{border:0;background:none;color:inherit;font:inherit;cursor:pointer;text-align:start;min-height:44px}" +
    ".preview .text{flex:1;padding:12px 4px 12px 16px;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}" +
    ".preview .dismiss{min-width:44px;font-size:20px;line-height:1}" +
    ".preview button:focus-visible{outline:3px solid var(--fw-brand);outline-offset:-3px;border-radius:14px}" +
    ".invite{position:fixed;inset-block-end:96px;inset-inline-end:24px;z-index:2147483000;max-width:300px;" +
    "display:grid;grid-template-columns:1fr auto;align-items:start;gap:4px 0;padding:0 0 12px;" +
    "background:var(--fw-surface);color:var(--fw-text);border-radius:14px;box-shadow:0 8px 28px rgba(0,0,0,.22);" +
    "font:15px/1.4 system-ui,sans-serif}" +
    ".invite[hidden]{display:none}" +
    ".invite p{margin:0;padding:12px 4px 0 16px;overflow-wrap:anywhere}" +
    ".invite .accept{grid-column:1/-1;justify-self:start;margin-inline-start:16px;min-height:40px;padding:0 18px;" +
    "border:0;border-radius:20px;background:var(--fw-brand);color:var(--fw-on-brand);font:600 15px system-ui,sans-serif;" +
    "cursor:pointer}" +
    ".invite .dismiss{min-width:44px;min-height:44px;border:0;background:none;color:inherit;font-size:20px;cursor:pointer}" +
    ".invite button:focus-visible{outline:3px solid var(--fw-brand);outline-offset:2px}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:4px 4px 4px 16px;" +
    "background:var(--fw-brand);color:var(--fw-on-brand);font:600 16px/1.3 system-ui,sans-serif}" +
    ".bar span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}" +
    ".close{min-width:44px;min-height:44px;border:0;border-radius:8px;background:transparent;color:inherit;cursor:pointer;" +
    "font:600 15px system-ui,sans-serif;display:inline-flex;align-items:center;gap:6px;padding:0 12px}" +
    ".close:focus-visible{outline:3px solid var(--fw-on-brand);outline-offset:-3px}" +
    ".framed .bar{display:none}" +
    "iframe{flex:1;width:100%;border:0;display:block}" +
    // Phones: the panel is the whole screen, and no card ever covers the page (the badge says it all).
    "@media (max-width:640px){.panel{inset:0;width:100vw;height:100dvh;border-radius:0}.preview,.invite{display:none}" +
    ".open .launcher{display:none}}" +
    "@media (prefers-reduced-motion:reduce){.launcher,.panel{transition:none}.launcher:hover,.panel[hidden]{transform:none}}";

  var svg =
    '<svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ' +
    'stroke-linecap="round" stroke-linejoin="round">';
  var chatIcon = svg + '<path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';
  var closeIcon = svg + '<path d="M18 6 6 18M6 6l12 12"/></svg>';

  var root = document.createElement("div");
  root.id = "flex-webchat";
  var shadow = root.attachShadow({ mode: "open" });
  if (
    "adoptedStyleSheets" in shadow &&
    typeof CSSStyleSheet === "function" &&
    "replaceSync" in CSSStyleSheet.prototype
  ) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement("style");
    style.textContent = css;
    shadow.appendChild(style);
  }
  // The brand of lib/widget-config.ts (written in at build by scripts/build-embed.mts) in the chat's theme;
  // data-color, if given, colours the button and bar instead.
  /* global __FW_PALETTE__ */
  var scheme = __FW_PALETTE__[theme === "dark" ? "dark" : "light"];
  var custom = color && CSS.supports("color", color);
  root.style.setProperty("--fw-brand", custom ? color : scheme.brand);
  root.style.setProperty("--fw-on-brand", custom ? "#fff" : scheme.onBrand);
  root.style.setProperty("--fw-surface", scheme.surface);
  root.style.setProperty("--fw-text", scheme.text);

  /** One element: its tag, class and attributes ("hidden": "" hides it, as the property would). */
  function el(tag, className, attributes) {
    var node = document.createElement(tag);
    node.className = className;
    for (var name in attributes || {}) node.setAttribute(name, attributes[name]);
    return node;
  }

  var wrapper = document.createElement("div");
  var button = el("button", "launcher", {
    type: "button",
    "aria-expanded": "false",
    "aria-controls": "flex-webchat-panel",
  });
  var iconSlot = el("span", "");
  // Through the CSSOM, not a style attribute: a host page's CSP may refuse inline style attributes.
  iconSlot.style.display = "contents";
  iconSlot.innerHTML = chatIcon;
  button.appendChild(iconSlot);
  var badge = el("span", "badge", { hidden: "", "aria-hidden": "true" });
  button.appendChild(badge);

  var panel = el("div", "panel", { id: "flex-webchat-panel", hidden: "", role: "dialog", "aria-label": label });
  var bar = el("div", "bar");
  var title = el("span", "", { "aria-hidden": "true" });
  title.textContent = label;
  bar.appendChild(title);
  var closeButton = el("button", "close", { type: "button" });
  closeButton.textContent = closeLabel;
  bar.appendChild(closeButton);
  panel.appendChild(bar);

  // The newest unread message beside the closed launcher: a polite status (read once, when it appears), opening
  // the chat on a click, with a way to dismiss it.
  var preview = el("div", "preview", { hidden: "", role: "status" });
  var previewText = el("button", "text", { type: "button" });
  var previewDismiss = el("button", "dismiss", { type: "button", "aria-label": __FW_LABELS__.dismiss });
  previewDismiss.textContent = "\u00d7";
  preview.appendChild(previewText);
  preview.appendChild(previewDismiss);
  var previewShown = "";

  // The site's invitation to chat: a polite status (read once when it appears) with its greeting, a button that opens
  // the chat with it, and a way to dismiss it. It never takes the focus.
  var inviteBox = el("div", "invite", { hidden: "", role: "status" });
  var inviteText = el("p", "");
  var inviteAccept = el("button", "accept", { type: "button" });
  inviteAccept.textContent = __FW_LABELS__.invite;
  var inviteDismiss = el("button", "dismiss", { type: "button", "aria-label": __FW_LABELS__.dismissInvite });
  inviteDismiss.textContent = "\u00d7";
  inviteBox.appendChild(inviteText);
  inviteBox.appendChild(inviteDismiss);
  inviteBox.appendChild(inviteAccept);

  wrapper.appendChild(panel);
  wrapper.appendChild(preview);
  wrapper.appendChild(inviteBox);
  wrapper.appendChild(button);
  shadow.appendChild(wrapper);

  var iframe = null;
  var ready = false;
  var open = false;
  var unread = 0;
  var queued = [];
  var listeners = {};
  // The invitation's course: due once its time on the page has passed; settled once shown and answered (or
  // overtaken by the visitor opening the chat). `invitable` is the chat's word: within hours, no chat under way.
  var invitable = false;
  var inviteDue = false;
  var inviteSettled = false;
  var inviteTimer = null;

  function emit(type, detail) {
    (listeners[type] || []).slice().forEach(function (listener) {
      try {
        listener(detail);
      } catch (error) {
        setTimeout(function () {
          throw error;
        });
      }
    });
    window.dispatchEvent(new CustomEvent("flexwebchat:" + type, { detail: detail }));
  }

  function post(message) {
    message.source = HOST_SOURCE;
    if (ready && iframe && iframe.contentWindow) iframe.contentWindow.postMessage(message, chatOrigin);
    else queued.push(message);
  }

  // The page the visitor is on, for the agent: its path (and query, if the site allows) and title, as they change.
  function sharePage() {
    if (!ready) return;
    var path = (location.pathname + (shareQuery ? location.search : "")).slice(0, 500);
    var name = document.title.slice(0, 200);
    if (path + "\n" + name === lastPage) return;
    lastPage = path + "\n" + name;
    post({ type: "page", path: path, title: name });
  }

  function describe() {
    var text = open ? closeLabel : label;
    if (!open && unread > 0) {
      text =
        unreadLabel && !fixedLabel
          ? unreadLabel
          : label + ", " + unread + " unread message" + (unread === 1 ? "" : "s");
    }
    button.setAttribute("aria-label", text);
    badge.textContent = unread > 9 ? "9+" : String(unread);
    badge.hidden = open || unread === 0;
    iconSlot.innerHTML = open ? closeIcon : chatIcon;
    if (open || unread === 0) preview.hidden = true;
    if ((open || unread > 0) && !inviteBox.hidden) {
      inviteBox.hidden = true;
      inviteSettled = true;
    }
  }

  /** The rules of an invitation (attributes or the JS API), checked; null when there is none. */
  function readInvitationRules(rules) {
    var message = typeof rules.message === "string" ? rules.message.trim() : "";
    if (!message) return null;
    if (message.length > 200 || /[\u0000-\u001f\u007f]/.test(message))
      throw new TypeError("FlexWebchat: an invitation's message is plain text of at most 200 characters");
    var after = rules.after === null || rules.after === undefined || rules.after === "" ? 20 : Number(rules.after);
    if (!(after >= 0 && after <= 3600))
      throw new TypeError("FlexWebchat: an invitation's delay is a number of seconds from 0 to 3600");
    var pages = rules.pages || [];
    if (typeof pages === "string") pages = pages.split(",");
    if (!Array.isArray(pages)) throw new TypeError("FlexWebchat: an invitation's pages are a list of paths");
    pages = pages
      .map(function (p) {
        return String(p).trim();
      })
      .filter(Boolean)
      .map(function (p) {
        if (p.charAt(0) !== "/") throw new TypeError('FlexWebchat: an invitation\'s pages are paths like "/pricing*"');
        return new RegExp("^" + p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$");
      });
    return { message: message, after: after, pages: pages };
  }

  function scheduleInvitation() {
    clearTimeout(inviteTimer);
    if (!invitation) return;
    inviteTimer = setTimeout(function () {
      inviteDue = true;
      mount();
      showInvitation();
    }, invitation.after * 1000);
  }

  function showInvitation() {
    if (!invitation || !inviteDue || inviteSettled || !ready || !invitable || open || unread > 0) return;
    var path = location.pathname;
    var onPage =
      invitation.pages.length === 0 ||
      invitation.pages.some(function (pattern) {
        return pattern.test(path);
      });
    if (!onPage) return;
    inviteText.textContent = invitation.message;
    inviteBox.hidden = false;
    emit("invitation", { state: "shown", message: invitation.message });
  }

  function settleInvitation(state) {
    inviteBox.hidden = true;
    inviteSettled = true;
    emit("invitation", { state: state, message: invitation.message });
  }

  function mount() {
    if (iframe) return;
    iframe = document.createElement("iframe");
    var url = new URL("/embed", chatOrigin);
    url.searchParams.set("host", location.origin);
    if (lang) url.searchParams.set("lang", lang);
    if (theme) url.searchParams.set("theme", theme);
    if (context) url.searchParams.set("context", context);
    iframe.src = url.toString();
    iframe.title = label;
    iframe.allow = "clipboard-write";
    panel.appendChild(iframe);
    // Single-page sites change the path without a load: look again now and then, and on history moves.
    setInterval(sharePage, 2000);
    window.addEventListener("popstate", sharePage);
    window.addEventListener("hashchange", sharePage);
  }

  function setOpen(next, options) {
    if (next === open) return;
    open = next;
    mount();
    panel.hidden = !open;
    wrapper.className = open ? "open" : "";
    button.setAttribute("aria-expanded", String(open));
    describe();
    post({ type: "visibility", open: open });
    if (open) {
      // Into the chat — once it has loaded. Focusing the frame while its first page is still on its way left keys
      // typed into it going nowhere in Chromium (seen about 1 open in 4, the field focused but deaf to the keyboard):
      // a frame still loading takes the focus when it says it is ready.
      if (ready) iframe.focus();
      emit("opened");
    } else {
      if (!options || options.restoreFocus !== false) button.focus();
      emit("closed");
    }
  }

  window.addEventListener("message", function (event) {
    if (!iframe || event.origin !== chatOrigin || event.source !== iframe.contentWindow) return;
    var data = event.data;
    if (!data || data.source !== CHAT_SOURCE) return;
    if (data.type === "ready") {
      ready = true;
      var labels = data.labels || {};
      if (!fixedLabel && typeof labels.open === "string" && labels.open.length <= 80) label = labels.open;
      if (typeof labels.close === "string" && labels.close.length <= 80) closeLabel = labels.close;
      if (typeof labels.dismiss === "string" && labels.dismiss.length <= 80) {
        previewDismiss.setAttribute("aria-label", labels.dismiss);
      }
      if (typeof labels.invite === "string" && labels.invite.length <= 80) inviteAccept.textContent = labels.invite;
      if (typeof labels.dismissInvite === "string" && labels.dismissInvite.length <= 80) {
        inviteDismiss.setAttribute("aria-label", labels.dismissInvite);
      }
      invitable = data.invitable === true;
      if (data.dir === "rtl" || data.dir === "ltr") panel.dir = data.dir;
      title.textContent = label;
      closeButton.textContent = closeLabel;
      panel.setAttribute("aria-label", label);
      iframe.title = label;
      describe();
      // The chat draws the panel's one bar from now on, with its own ✕ (the host's bar stays if it never loads).
      panel.classList.add("framed");
      // Opened while loading: focus now, unless the visitor has gone elsewhere on the page meanwhile — or is already
      // in the chat (a click into the form before it was ready). From outside, focus inside the panel reads as `root`
      // (the shadow host); focusing the frame again would pull the caret out of the field being typed in.
      var inside = shadow.activeElement;
      var elsewhere = document.activeElement !== root && document.activeElement !== document.body;
      if (open && !elsewhere && inside !== iframe) iframe.focus();
      post({ type: "visibility", open: open });
      sharePage();
      var pending = queued;
      queued = [];
      pending.forEach(post);
      showInvitation();
    } else if (data.type === "unread" && typeof data.count === "number") {
      var count = Math.max(0, Math.floor(data.count));
      unreadLabel = typeof data.label === "string" && data.label.length <= 120 ? data.label : null;
      if (count !== unread) {
        unread = count;
        describe();
        emit("unread", { count: unread });
      }
      var p = data.preview;
      if (!open && count > 0 && p && typeof p.name === "string" && typeof p.text === "string") {
        var line = (p.name.slice(0, 80) + ": " + p.text).slice(0, 240);
        // Each message once: a recount or a dismissed card does not bring it back.
        if (line !== previewShown) {
          previewShown = line;
          previewText.textContent = line;
          preview.hidden = false;
        }
      }
    } else if (data.type === "ended") {
      emit("ended");
    } else if (data.type === "close-request") {
      setOpen(false);
    }
  });

  button.addEventListener("click", function () {
    setOpen(!open);
  });
  previewText.addEventListener("click", function () {
    setOpen(true);
  });
  previewDismiss.addEventListener("click", function () {
    preview.hidden = true;
    button.focus();
  });
  inviteAccept.addEventListener("click", function () {
    settleInvitation("accepted");
    post({ type: "invitation", message: invitation.message });
    setOpen(true);
  });
  inviteDismiss.addEventListener("click", function () {
    settleInvitation("dismissed");
    button.focus();
  });
  if (preload === "intent") {
    // The pointer on its way to the button, or the keyboard's focus on it: load now, so the click finds it ready.
    ["pointerenter", "focus", "touchstart"].forEach(function (type) {
      button.addEventListener(type, mount, { passive: true, once: true });
    });
  }
  closeButton.addEventListener("click", function () {
    setOpen(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) setOpen(false);
  });

  window.FlexWebchat = {
    open: function () {
      setOpen(true);
    },
    close: function () {
      setOpen(false, { restoreFocus: false });
    },
    toggle: function () {
      setOpen(!open);
    },
    isOpen: function () {
      return open;
    },
    setPreEngagement: function (values) {
      if (!values || typeof values !== "object")
        throw new TypeError("setPreEngagement expects an object of field values");
      mount();
      post({ type: "pre-engagement", values: values });
    },
    invite: function (rules) {
      if (!rules || typeof rules !== "object")
        throw new TypeError("FlexWebchat.invite expects { message, after, pages }");
      invitation = readInvitationRules(rules);
      inviteDue = false;
      inviteSettled = false;
      inviteBox.hidden = true;
      scheduleInvitation();
    },
    on: function (type, listener) {
      (listeners[type] = listeners[type] || []).push(listener);
    },
    off: function (type, listener) {
      listeners[type] = (listeners[type] || []).filter(function (l) {
        return l !== listener;
      });
    },
  };

  describe();
  scheduleInvitation();
  function whenIdle() {
    // After the host page's own load, in a moment the main thread has free: the host page never waits for the chat.
    var later = function () {
      if (window.requestIdleCallback) window.requestIdleCallback(mount, { timeout: 3000 });
      else setTimeout(mount, 200);
    };
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later, { once: true });
  }
  function attach() {
    document.body.appendChild(root);
    // A page that renders its whole body itself (a framework recovering from a hydration mismatch) may drop what it
    // did not render: the launcher goes back in. Only the body's own children are watched.
    new MutationObserver(function () {
      if (!root.isConnected && document.body) document.body.appendChild(root);
    }).observe(document.body, { childList: true });
    // "idle" also lets a returning visitor's unread badge work before they open the panel.
    if (preload === "load") mount();
    else if (preload === "idle") whenIdle();
    window.dispatchEvent(new CustomEvent("flexwebchat:ready"));
  }
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);
})();
