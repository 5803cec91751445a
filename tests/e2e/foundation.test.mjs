// The foundation flow as staff see it: sign in, create a store user, create a customer with a bad
// ID number (see the message), fix it, find the customer by phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, login, logout } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const stamp = Date.now().toString().slice(-6);
const username = `sh.advisor${stamp}`;
const mobile = `139${stamp}12`.slice(0, 11);

test("administrator creates a store user who then creates and finds a customer", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  // 1. sign in as the administrator, wrong password first
  await page.goto(`${BASE}/login`);
  await page.fill("#username", "admin");
  await page.fill("#password", "wrong-password");
  await page.click("button[type=submit]");
  await assert.doesNotReject(page.locator("#login-error", { hasText: "用户名或密码错误" }).waitFor());
  await login(page, "admin");
  await page.screenshot({ path: `${SHOTS}01-admin-home.png`, fullPage: true });

  // 2. create a sales advisor of store SH01
  await page.goto(`${BASE}/admin/users/new`);
  await page.fill("#f-username", username);
  await page.fill("#f-display_name", "测试顾问");
  await page.selectOption("#f-store_id", { label: "SH01 上海浦东汽车4S店" });
  await page.selectOption("#f-team_id", { label: "SH01 · 销售一组" });
  await page.selectOption("#f-role", "sales_advisor");
  await page.fill("#f-password", "short");
  await page.click("button[type=submit]");
  await page.locator(".invalid-feedback", { hasText: "密码至少 10 个字符" }).waitFor();
  assert.equal(await page.inputValue("#f-username"), username, "the form keeps what was typed");
  await page.fill("#f-password", "welcome-2026!");
  await Promise.all([page.waitForURL(/\/admin\/users\?flash=user-created/), page.click("button[type=submit]")]);
  await page.locator(".toast", { hasText: "用户已创建" }).waitFor();
  await page.screenshot({ path: `${SHOTS}02-user-created.png`, fullPage: true });
  await logout(page);

  // 3. the new advisor signs in and sees only what an advisor may use
  await login(page, username, "welcome-2026!");
  const menu = await page.locator("#sidebar").innerText();
  assert.match(menu, /客户/);
  assert.doesNotMatch(menu, /用户|审计日志/);

  // 4. a customer with a bad ID number: the message is next to the field, nothing is saved
  await page.goto(`${BASE}/customers/new`);
  await page.fill("#f-name", "李娜");
  await page.fill("#f-mobile", mobile);
  await page.fill("#f-id_number", "360426199101010072");
  await page.click("button[type=submit]");
  const idError = page.locator("#f-id_number-error");
  await idError.waitFor();
  assert.equal((await idError.innerText()).trim(), "身份证号校验位不正确");
  assert.equal(await page.inputValue("#f-name"), "李娜");
  await page.screenshot({ path: `${SHOTS}03-bad-id-number.png`, fullPage: true });

  // 5. fix it and save
  await page.fill("#f-id_number", "360426199101010071");
  await Promise.all([page.waitForURL(/\/customers\/\d+\?flash=customer-created/), page.click("button[type=submit]")]);
  assert.equal(await page.locator("#customer-name").innerText(), "李娜");
  assert.equal(await page.locator("#id-number").innerText(), "**************0071");
  await page.screenshot({ path: `${SHOTS}04-customer-profile.png`, fullPage: true });

  // 6. find the customer by phone
  await page.goto(`${BASE}/customers`);
  await page.fill("#q", mobile.slice(3, 9));
  await Promise.all([page.waitForURL(/q=/), page.click("form[role=search] button[type=submit]")]);
  const rows = page.locator("#customer-table tbody tr");
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /李娜/);
  await page.screenshot({ path: `${SHOTS}05-search-by-phone.png`, fullPage: true });
  await context.close();
});

test("a duplicate mobile says whom to ask, naming no customer the advisor may not see", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await login(page, "sh.advisor2");
  await page.goto(`${BASE}/customers/new`);
  await page.fill("#f-name", "重复客户");
  await page.fill("#f-mobile", mobile);
  await page.click("button[type=submit]");
  await page.locator("#f-mobile-error", { hasText: "请联系您的销售经理或本店值班经理" }).waitFor();
  assert.equal(await page.locator("#duplicate-link").count(), 0);
  assert.doesNotMatch(await page.content(), /李娜/);
  await context.close();
});

test("a manager reveals an ID number; the view is in the audit log", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await login(page, "sh.manager1");
  await page.goto(`${BASE}/customers?q=${mobile}`);
  await Promise.all([page.waitForURL(/\/customers\/\d+$/), page.locator("#customer-table tbody tr").first().click()]);
  await page.click("#reveal-id");
  await page.locator("#id-number", { hasText: "360426199101010071" }).waitFor();
  await context.close();
});

test("the customer list works at phone width", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page, "sh.advisor1");
  await page.goto(`${BASE}/customers`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling (overflow ${overflow}px)`);
  await page.screenshot({ path: `${SHOTS}06-customers-phone.png`, fullPage: true });
  await page.goto(`${BASE}/customers/new`);
  await page.screenshot({ path: `${SHOTS}07-new-customer-phone.png`, fullPage: true });
  await context.close();
});

test("each demo role sees only its menu", async () => {
  const expectations = {
    "sh.advisor1": { has: ["客户", "车型库"], not: ["用户", "审计日志", "门店"] },
    "sh.gm": { has: ["客户", "审计日志"], not: ["用户", "门店"] },
    "sh.tech": { has: ["车型库"], not: ["客户", "用户"] },
    "exec": { has: ["客户", "审计日志"], not: ["用户"] },
    "admin": { has: ["门店", "团队", "用户", "角色与权限", "审计日志", "车型库"], not: [] },
  };
  for (const [user, { has, not }] of Object.entries(expectations)) {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await login(page, user);
    const menu = await page.locator("#sidebar").innerText();
    for (const m of has) assert.ok(menu.includes(m), `${user} should see ${m}`);
    for (const m of not) assert.ok(!menu.includes(m), `${user} should not see ${m}`);
    await context.close();
  }
});

test("English is one click away", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await login(page, "sh.advisor3");
  await Promise.all([page.waitForLoadState("load"), page.click("button[name=locale][value=en]")]);
  await page.goto(`${BASE}/customers`);
  assert.match(await page.locator("h1").innerText(), /Customers/);
  await page.click("button[name=locale][value=zh-CN]");
  await context.close();
});
