// How fast a chat widget opens, as a visitor meets it: the launcher appearing, the click, the form showing, and the
// bytes the browser fetched until then. Used by `npm run bench` for our launcher (on a host page of another origin
// and on our own `/`) and, side by side in the same run, for Twilio's own web chat when its build is at hand.
//
// Times are taken inside the pages, on the browser's shared clock (performance.timeOrigin + performance.now()), so
// the driver's own latency is not counted: a script injected at document start into every frame stamps the first
// animation frame in which a form field is laid out in a frame that has a size (a panel still hidden has none).

/** Injected into every frame. `launcher` is the source of a function returning the launcher element or null. */
function stampScript(launcher, clickWhenShown) {
  return `(() => {
    const now = () => performance.timeOrigin + performance.now();
    const findLauncher = ${launcher};
    const formShown = () => {
      if (!innerWidth || !innerHeight) return false;
      // A frame of this origin can see its own <iframe> element: a panel still hidden hides it. (A frame of another
      // origin cannot, but the browser does not render a hidden one at all, so this check never runs there.)
      if (window.frameElement && !window.frameElement.checkVisibility({ visibilityProperty: true })) return false;
      const field = document.querySelector("form input:not([type=hidden]), form textarea");
      if (!field) return false;
      const box = field.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && field.checkVisibility?.() !== false;
    };
    const tick = () => {
      if (window === top && !window.__launcherAt) {
        const el = findLauncher();
        const box = el?.getBoundingClientRect();
        if (box && box.width > 0) {
          window.__launcherAt = now();
          // "eager": the visitor clicks in the very frame the launcher appears (no driver latency in the figure).
          if (${clickWhenShown}) el.click();
        }
      }
      if (!window.__formAt && formShown()) window.__formAt = now();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    if (window === top) {
      addEventListener("click", (event) => {
        window.__clickAt ??= now();
        const target = event.composedPath()[0];
        const name = target?.className?.baseVal ?? target?.className ?? target?.nodeName;
        (window.__events ??= []).push("click on " + name + " at " + Math.round(performance.now()));
      }, { capture: true });
      for (const type of ["ready", "opened", "closed"]) {
        addEventListener("flexwebchat:" + type, () => (window.__events ??= []).push(type + " at " + Math.round(performance.now())));
      }
    }
  })();`;
}

/** The first time any frame of the page showed its form (the browser's clock), or undefined. */
async function formAt(page) {
  const times = await Promise.all(page.frames().map((f) => f.evaluate(() => window.__formAt).catch(() => undefined)));
  return times.filter((t) => typeof t === "number").sort((a, b) => a - b)[0];
}

async function throttle(context, page, rate) {
  if (rate === 1) return;
  const apply = async (target) => {
    const cdp = await context.newCDPSession(target).catch(() => null);
    await cdp?.send("Emulation.setCPUThrottlingRate", { rate }).catch(() => {});
  };
  await apply(page);
  // A frame of another site runs in a process of its own (site isolation): throttle it too, as soon as it attaches.
  page.on("frameattached", (frame) => void apply(frame));
}

/**
 * One cold visit (a fresh browser context: empty cache, no cookies).
 * - `settle`: "warm" waits until the page has gone quiet (network idle, then 1 s) before the click; "eager" clicks
 *   the moment the launcher shows.
 * - `hoverMs`: the pointer rests on the launcher this long before the click (a person's hover; 0 = Playwright's own).
 * Resolves { launcher, click, clickToForm, openToForm, bytes } in ms and bytes.
 */
export async function openOnce(browser, { url, launcher, launcherSelector, cpu = 1, settle = "warm", hoverMs = 150 }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await throttle(context, page, cpu);
  await context.addInitScript({ content: stampScript(launcher, settle === "eager") });
  const responses = [];
  context.on("requestfinished", (request) => {
    const at = Date.now();
    responses.push(
      request.sizes().then(
        (s) => ({ at, bytes: s.responseBodySize + s.responseHeadersSize }),
        () => ({ at, bytes: 0 }),
      ),
    );
  });
  await page.goto(url, { waitUntil: "commit" });
  const button = page.locator(launcherSelector);
  await button.waitFor({ state: "visible", timeout: 30_000 });
  if (settle === "warm") {
    await page.waitForLoadState("networkidle", { timeout: 20_000 }).catch(() => {});
    await page.waitForTimeout(1_000);
    if (hoverMs) {
      await button.hover();
      await page.waitForTimeout(hoverMs);
    }
    await button.click();
  }
  const clickAt = await page.evaluate(() => window.__clickAt);
  let form;
  const deadline = Date.now() + 30_000;
  while (!(form = await formAt(page)) && Date.now() < deadline) await page.waitForTimeout(20);
  if (!form) {
    // What the visitor saw instead: whether the panel is open, and each frame's address and first words.
    const state = await page
      .evaluate(() => `${window.FlexWebchat?.isOpen()}; launcher events: ${(window.__events ?? []).join(", ")}`)
      .catch(() => undefined);
    const frames = await Promise.all(
      page.frames().map((f) =>
        f
          .evaluate(() => document.body?.innerText.slice(0, 160) ?? "")
          .then(
            (text) => `${f.url()}: ${JSON.stringify(text)}`,
            (e) => `${f.url()}: ${e.message}`,
          ),
      ),
    );
    await context.close();
    throw new Error(
      `${url}: the form never showed after the click (panel open: ${state}; frames: ${frames.join(" | ")})`,
    );
  }
  if (clickAt === undefined || form < clickAt) {
    await context.close();
    throw new Error(`${url}: the form was stamped before the click`);
  }
  await page.waitForTimeout(500);
  const { origin, launcherAt } = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    launcherAt: window.__launcherAt,
    clickAt: window.__clickAt,
  }));
  // Bytes on the wire until the form showed: every response finished by then (the browser's clock and this
  // process's are one wall clock). Meaningful for "warm", where all the form needs has loaded before the click; an
  // "eager" form paints from the HTML before its scripts arrive.
  const bytes = (await Promise.all(responses)).filter((r) => r.at <= form).reduce((s, r) => s + r.bytes, 0);
  await context.close();
  return {
    launcher: launcherAt - origin,
    click: clickAt - origin,
    clickToForm: form - clickAt,
    openToForm: form - origin,
    bytes,
  };
}

/** Ours: the launcher is a button in embed.js's shadow root. */
export const OUR_LAUNCHER = {
  launcher: `() => document.getElementById("flex-webchat")?.shadowRoot?.querySelector(".launcher") ?? null`,
  launcherSelector: "#flex-webchat >> css=.launcher",
};

/** Twilio's web chat (twilio/twilio-webchat-react-app): its entry point button. */
export const ANCHOR_LAUNCHER = {
  launcher: `() => document.querySelector('[data-test="entry-point-button"]')`,
  launcherSelector: '[data-test="entry-point-button"]',
};
