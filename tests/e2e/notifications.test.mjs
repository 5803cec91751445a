// Notifications and stage limits in Chromium (issue 30): the bell in the top bar counts what is
// unread and opens the list; opening a notification marks it read and goes to its page; each
// person picks how they are told; the store's administrator keeps the stage limits (a bad one is
// refused with its message beside the field, nothing changed), rewords a message and keeps the
// PDI checklist; a delivered buyer downloads their receipts and invoice copy on the phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, login } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the bell counts unread notifications, opens them, and each person picks how they are told", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The general manager hears of the orders far past their stage limits (the job runs at start).
  await login(page, "sh.gm");
  const badge = page.locator("#bell-count");
  await badge.waitFor();
  const before = await badge.textContent();
  assert.ok(Number(before.replace("+", "")) > 0, `the demo's general manager has unread notifications: ${before}`);
  await page.screenshot({ path: `${SHOTS}/80-bell.png` });
  await Promise.all([page.waitForURL(/\/notifications$/), page.click("#bell")]);
  await page.screenshot({ path: `${SHOTS}/81-notifications.png`, fullPage: true });
  const first = page.locator("#notifications li").first();
  const id = (await first.getAttribute("id")).replace("notification-", "");
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/notifications")), first.locator("button").click()]);
  await page.goto(`${BASE}/notifications`);
  assert.equal(await page.locator(`#notification-${id} .bg-primary`).count(), 0, "opened: read");
  await page.click("#read-all");
  await page.waitForURL(/flash=notifications-read/);
  assert.equal(await page.locator("#bell-count").count(), 0, "nothing unread");

  await page.goto(`${BASE}/account/notifications`);
  const row = page.locator("#pref-mail-approval");
  await row.locator("input[name=email]").uncheck();
  await row.locator("input[name=in_app]").check();
  await Promise.all([page.waitForURL(/flash=preferences-saved/), page.click("#save")]);
  assert.equal(await page.locator("#pref-mail-approval input[name=email]").isChecked(), false);
  assert.equal(await page.locator("#pref-mail-approval input[name=in_app]").isChecked(), true);
  await page.screenshot({ path: `${SHOTS}/82-notification-settings.png`, fullPage: true });
  await context.close();
});

test("the store's administrator keeps the stage limits, the wording of a message and the PDI checklist", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await login(page, "sh.admin");
  await page.goto(`${BASE}/admin/stage-limits`);
  const before = await page.inputValue("#remind-approved");
  await page.fill("#escalate-approved", "1");
  await page.click("#save");
  await page.locator("#escalate-approved.is-invalid").waitFor();
  assert.match(await page.locator("#limit-approved .invalid-feedback").last().textContent(), /升级时限须大于提醒时限/);
  await page.screenshot({ path: `${SHOTS}/83-stage-limits-refused.png`, fullPage: true });
  await page.goto(`${BASE}/admin/stage-limits`);
  assert.equal(await page.inputValue("#remind-approved"), before, "nothing changed");
  await page.fill("#remind-approved", "36");
  await page.fill("#escalate-approved", "72");
  await Promise.all([page.waitForURL(/flash=stage-limits-saved/), page.click("#save")]);
  assert.equal(await page.inputValue("#remind-approved"), "36");

  await page.goto(`${BASE}/admin/wordings?q=mail-confirm`);
  await Promise.all([page.waitForURL(/wordings\/mail-confirm\/zh-CN/), page.click("#wording-mail-confirm-zh-CN a")]);
  await page.fill("#subject", "请确认订单 {$nope}");
  await page.click("#save");
  await page.locator("#subject.is-invalid").waitFor();
  await page.fill("#subject", "上海店：请确认您的订单 {$order}");
  await Promise.all([page.waitForURL(/flash=wording-saved/), page.click("#save")]);
  await page.screenshot({ path: `${SHOTS}/84-wording.png`, fullPage: true });
  page.once("dialog", (d) => d.accept());
  await Promise.all([page.waitForURL(/flash=wording-reset/), page.click("#reset")]);

  await page.goto(`${BASE}/admin/pdi-checklist`);
  await page.fill("#label", "车窗贴膜无气泡");
  await page.selectOption("#section", "body");
  await Promise.all([page.waitForURL(/flash=pdi-item-added/), page.click("#add")]);
  assert.ok(await page.locator("#checklist", { hasText: "车窗贴膜无气泡" }).count());
  await page.screenshot({ path: `${SHOTS}/85-pdi-checklist.png`, fullPage: true });
  await context.close();
});

test("a buyer downloads their receipts and invoice copy on the phone", async () => {
  const staff = await browser.newContext({ locale: "zh-CN" });
  const page = await staff.newPage();
  await login(page, "sh.gm");
  await page.goto(`${BASE}/orders?status=delivered`);
  const href = await page.locator("#order-table a[href^='/orders/']").first().getAttribute("href");
  await page.goto(`${BASE}${href}`);
  const link = await page.locator("#customer-link").inputValue();
  assert.ok(link?.includes("/c/"), "the order page shows the buyer's link");
  const phone = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const buyer = await phone.newPage();
  await buyer.goto(link.startsWith("http") ? link : `${BASE}${link}`);
  await buyer.locator("#customer-papers").waitFor();
  await buyer.locator("#customer-papers").scrollIntoViewIfNeeded();
  await buyer.screenshot({ path: `${SHOTS}/86-buyer-papers.png`, fullPage: true });
  const receipt = await buyer.locator("#customer-papers a[id^=receipt-]").first().getAttribute("href");
  const r = await buyer.request.get(`${BASE}${receipt}`);
  assert.equal(r.status(), 200);
  assert.equal(r.headers()["content-type"], "application/pdf");
  const inv = await buyer.request.get(`${BASE}${await buyer.locator("#invoice-copy").getAttribute("href")}`);
  assert.equal(inv.status(), 200);
  await staff.close();
  await phone.close();
});
