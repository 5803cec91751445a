// The strict Content-Security-Policy (no inline script or style, no framing) breaks nothing a
// person uses: every kind of page, as several roles, loads without a single policy violation,
// and the store administrator's user list offers no action on the group's accounts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, login } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// A page that records every policy violation and console error.
async function watched(options = { locale: "zh-CN" }) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  // Failed loads are reported with their address below; the console only says "404".
  page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text()); });
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && path !== "/no-such-page") problems.push(`${r.status()} ${path}`);
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page, problems };
}

test("pages load under the Content-Security-Policy without a violation", async () => {
  const { context, page, problems } = await watched();
  await page.goto(`${BASE}/login`);
  await login(page, "sh.manager1");
  for (const path of ["/", "/customers", "/customers/new", "/orders", "/orders?status=awaiting_approval", "/catalogue", "/no-such-page"]) {
    await page.goto(`${BASE}${path}`);
  }
  // an order waiting for the customer shows the link to send by WeChat
  await page.goto(`${BASE}/orders?status=awaiting_confirmation`);
  await Promise.all([page.waitForURL(/\/orders\/\d+$/), page.locator("#order-table tbody tr").first().click()]);
  const link = await page.inputValue("#customer-link");
  // the store switch and the error page's back button work without inline handlers
  await page.goto(`${BASE}/no-such-page`);
  await page.goto(`${BASE}/customers`);
  assert.deepEqual(problems, [], problems.join("\n"));
  await context.close();

  {
    const phone = await watched({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.page.goto(link.trim().replace(/^https?:\/\/[^/]+/, BASE));
    await phone.page.screenshot({ path: `${SHOTS}security-customer-page.png`, fullPage: true });
    const bg = await phone.page.locator(".steps li").first().evaluate((el) => getComputedStyle(el, "::before").borderRadius);
    assert.equal(bg, "50%", "the timeline's styles come from app.css");
    assert.deepEqual(phone.problems, [], phone.problems.join("\n"));
    await phone.context.close();
  }
});

test("a group user switches stores with the button, not on an arrow key", async () => {
  const { context, page, problems } = await watched();
  await login(page, "exec");
  await page.goto(`${BASE}/orders`);
  const select = page.locator("select[name=store_id]");
  const before = await select.inputValue();
  const other = await select.locator("option:not([selected])").first().getAttribute("value");
  // Moving through the list with the keyboard changes nothing until the button is pressed.
  await select.focus();
  await page.keyboard.press("ArrowDown");
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).pathname, "/orders", "still on the page");
  await page.reload();
  assert.equal(await page.locator("select[name=store_id]").inputValue(), before, "the store did not change");
  await select.selectOption(other);
  await Promise.all([page.waitForURL(/\/orders/), page.click("#store-switch-go")]);
  await page.waitForFunction((v) => document.querySelector("select[name=store_id]").value === v, other);
  assert.deepEqual(problems, [], problems.join("\n"));
  await context.close();
});

test("the store administrator sees the group's accounts without actions", async () => {
  const { context, page, problems } = await watched();
  await login(page, "sh.admin");
  await page.goto(`${BASE}/admin/users?q=admin`);
  await page.screenshot({ path: `${SHOTS}security-store-admin-users.png`, fullPage: true });
  const row = page.locator("#user-table tbody tr", { hasText: "admin" }).filter({ hasNotText: "sh.admin" }).filter({ hasNotText: "hz.admin" }).first();
  await row.waitFor();
  assert.equal(await row.locator("a", { hasText: "重置密码" }).count(), 0);
  assert.match(await row.innerText(), /由集团管理/);
  await page.goto(`${BASE}/admin/users/new`);
  const roles = await page.locator("#f-role option").evaluateAll((os) => os.map((o) => o.value));
  assert.ok(!roles.includes("group_executive"), roles.join(","));
  assert.deepEqual(problems, [], problems.join("\n"));
  await context.close();
});

test("the API documentation page renders under its policy", async () => {
  const { context, page, problems } = await watched();
  await page.goto(`${BASE}/api/docs/`);
  await page.locator(".swagger-ui .info").waitFor();
  await page.screenshot({ path: `${SHOTS}security-api-docs.png` });
  assert.deepEqual(problems.filter((p) => p.startsWith("CSP")), [], problems.join("\n"));
  await context.close();
});
