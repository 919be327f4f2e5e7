import { expectNoViolations } from "./axe";
import { ar, es } from "./catalog";
import { expect, test } from "./fixtures";
import { fillForm, VisitorPage, visitorName } from "./pages";

test.describe("in Spanish, from the browser's language", () => {
  test.use({ locale: "es-MX" });

  test("the form, its errors and the chat speak Spanish", async ({ page }) => {
    await page.goto("/chat");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { name: es.form.title })).toBeVisible();
    await page.getByRole("button", { name: "Iniciar chat" }).click();
    await expect(page.getByLabel("Nombre")).toHaveAccessibleDescription("Rellena este campo.");
    await expectNoViolations(page);

    await fillForm(page, { name: visitorName("Lucía"), question: "¿Dónde está mi pedido?" }, es);
    await page.getByRole("button", { name: "Iniciar chat" }).click();
    const log = page.getByRole("log", { name: "Mensajes" });
    await expect(log).toContainText("¿Dónde está mi pedido?");
    await expect(log.getByText("Tú", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Opciones del chat" }).click();
    await expect(page.getByRole("menuitemcheckbox", { name: "Sonido para mensajes nuevos" })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Finalizar chat…" })).toBeVisible();
    await expectNoViolations(page);
    await page.keyboard.press("Escape");
    // Dates are written the Spanish way.
    const day = new Intl.DateTimeFormat("es", { weekday: "long", month: "long", day: "numeric" }).format(new Date());
    await expect(log.getByText(day)).toBeVisible();
    await expectNoViolations(page);
  });
});

test("Arabic lays the page out right to left, with the switch", async ({ page }) => {
  await page.goto("/chat");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "العربية" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.getByRole("heading", { name: ar.form.title })).toBeVisible();
  await expectNoViolations(page);

  const name = visitorName("ليلى");
  await fillForm(page, { name, question: "أين طلبي؟" }, ar);
  await page.getByRole("button", { name: "بدء الدردشة" }).click();
  const log = page.getByRole("log", { name: "الرسائل" });
  await expect(log).toContainText("أين طلبي؟");
  // The visitor's own bubble sits at the inline end: on the left in a right-to-left page.
  const bubble = await log.getByText("أين طلبي؟").boundingBox();
  const frame = await log.boundingBox();
  expect(bubble!.x - frame!.x).toBeLessThan(frame!.width / 2);
  await page.screenshot({ path: "test-results/rtl-chat.png" });
  await expectNoViolations(page);

  // Having started a chat, the choice is remembered without the URL.
  await page.goto("/chat");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
});

test("the launcher speaks the page's language and tells the host in it", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Estamos aquí para ayudarte" })).toBeVisible();
  const launcher = page.getByRole("button", { name: es.launcher.open });
  await expect(launcher).toBeVisible();
  await launcher.click();
  await expect(page.locator(`iframe[title="${es.launcher.open}"]`)).toHaveCount(1);
  const chat = page.locator("#flex-webchat").locator("iframe").contentFrame();
  await expect(chat.getByRole("heading", { name: es.form.title })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cerrar el chat" }).first()).toBeVisible();
  await context.close();
});

test("every page in every language has no axe violations", async ({ page }) => {
  for (const lang of ["en", "es", "ar"]) {
    for (const path of ["/", "/chat"]) {
      await page.goto(`${path}?lang=${lang}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expectNoViolations(page);
    }
  }
});

test("an unknown or hostile language falls back to English", async ({ page }) => {
  const visitor = new VisitorPage(page);
  await page.goto("/chat?lang=%3Cscript%3E");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(visitor.page.getByRole("button", { name: "Start chat" })).toBeVisible();
});
