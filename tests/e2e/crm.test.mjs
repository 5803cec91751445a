// CRM in Chromium at phone width (issue 17): an advisor at the showroom door records a walk-in
// on the inquiry form (a known number is offered instead of a copy), finds today's follow-ups on
// the day list, logs a call there and sees the next one planned; the manager's morning shows who
// is slipping.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, login } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("an advisor records a walk-in on a phone and a known number is offered, not copied", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await login(page, "sh.advisor1");
  await page.goto(`${BASE}/leads/new`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-name", "the name field is ready");
  assert.ok(await overflow(page) <= 0, "the form fits a phone");
  const mobile = `139${String(Date.now()).slice(-8)}`;
  await page.fill("#f-name", "陈思远");
  await page.fill("#f-mobile", mobile);
  await page.selectOption("#f-channel", "walk_in");
  await page.check("#f-model_ids input[type=checkbox] >> nth=0");
  await page.selectOption("#f-tier", "h");
  await page.fill("#f-trade_in_brand", "大众");
  await page.fill("#f-trade_in_model", "朗逸");
  await page.screenshot({ path: `${SHOTS}40-inquiry-phone.png`, fullPage: true });
  await Promise.all([page.waitForURL(/\/leads\/\d+/), page.click("form button[type=submit], form .btn-primary")]);
  assert.match(await page.textContent("#lead-stage"), /已联系/, "a walk-in has been talked to");
  assert.match(await page.textContent("#lead-next"), /\d{4}-\d{2}-\d{2}/, "the next follow-up is planned");
  await page.screenshot({ path: `${SHOTS}41-lead-phone.png`, fullPage: true });

  // The same number again: the existing customer is offered, nothing is copied.
  await page.goto(`${BASE}/leads/new`);
  await page.fill("#f-name", "陈思远");
  await page.fill("#f-mobile", mobile);
  await page.selectOption("#f-channel", "phone");
  await page.click("form .btn-primary");
  await page.waitForSelector("#f-customer_id");
  assert.match(await page.textContent("#f-customer_id"), /陈思远/);
  await Promise.all([page.waitForURL(/\/leads\/\d+/), page.click("form .btn-primary")]);
  await page.goto(`${BASE}/leads?q=${mobile}`);
  assert.match(await page.locator("body").innerText(), /共 2 条/, "two leads, one customer");
  await page.goto(`${BASE}/customers?q=${mobile}`);
  assert.match(await page.locator("body").innerText(), /共 1 条/, "one profile");
  await context.close();
});

test("the day list: today's follow-ups one tap away, a call logged plans the next", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await login(page, "sh.advisor2");
  await page.goto(`${BASE}/`);
  const count = Number(await page.textContent("#queue-follow-ups-due .queue-count"));
  assert.ok(count > 0, "the demo's advisor has follow-ups due");
  await page.click("#queue-follow-ups-due .queue-count");
  await page.waitForURL(/\/follow-ups$/);
  assert.match(await page.locator("body").innerText(), new RegExp(`共 ${count} 条`), "the card counts the list");
  assert.ok(await overflow(page) <= 0, "the day list fits a phone");
  await page.screenshot({ path: `${SHOTS}42-day-list-phone.png`, fullPage: true });
  await Promise.all([page.waitForURL(/\/leads\/\d+/), page.click("#day-list a >> nth=0")]);
  const tomorrow = new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3).toISOString().slice(0, 10);
  await page.selectOption("#c-kind", "call");
  await page.selectOption("#c-outcome", "invited");
  await page.fill("#c-note", "约周六上午到店试驾");
  await page.fill("#c-next", tomorrow);
  await Promise.all([page.waitForURL(/flash=lead-contact-logged/), page.click("#contact-save")]);
  assert.match(await page.textContent("#lead-next"), new RegExp(tomorrow));
  assert.match(await page.textContent("#lead-follow-ups"), /约周六上午到店试驾/);
  await page.goto(`${BASE}/follow-ups`);
  assert.match(await page.locator("body").innerText(), new RegExp(`共 ${count - 1} 条`), "one fewer today");
  await context.close();
});

test("the sales manager's morning: who is slipping, and their overdue leads to reassign", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await login(page, "sh.manager1");
  await page.goto(`${BASE}/follow-ups`);
  await page.waitForSelector("#team-due");
  await page.screenshot({ path: `${SHOTS}43-team-due.png`, fullPage: true });
  const link = page.locator("#team-due a.btn").first();
  if (await link.count()) {
    await Promise.all([page.waitForURL(/overdue=true/), link.click()]);
    assert.ok(await page.locator("#leads tbody tr").count() > 0, "the advisor's overdue leads");
    assert.ok(await page.locator("#assign-box").count() === 0, "assigning is on the lead's page");
  }
  await context.close();
});

test("a test drive booked from the lead on a phone: the licence is checked, the car is not booked twice", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await login(page, "sh.advisor3");
  await page.goto(`${BASE}/leads/new`);
  const mobile = `138${String(Date.now()).slice(-8)}`;
  await page.fill("#f-name", "罗一鸣");
  await page.fill("#f-mobile", mobile);
  await page.selectOption("#f-channel", "phone");
  await Promise.all([page.waitForURL(/\/leads\/\d+/), page.click("form .btn-primary")]);
  const lead = page.url().split("?")[0];
  // Tomorrow in Shanghai, 08:15: before the showroom's bookings of the demo.
  const tomorrow = new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3).toISOString().slice(0, 10);
  await page.fill("#b-day", tomorrow);
  await page.fill("#b-time", "08:15");
  await page.fill("#b-licence", "360426199101010071");
  await page.fill("#b-expiry", "2020-01-01");
  // The date picker refuses a past date itself; the server is the one that must refuse it.
  await page.$eval("#book-drive", (f) => { f.noValidate = true; });
  await page.click("#drive-book");
  await page.waitForSelector("#lead-error");
  assert.match(await page.textContent("#lead-error"), /驾驶证/, "an expired licence is refused");
  await page.fill("#b-day", tomorrow);
  await page.fill("#b-time", "08:15");
  await page.fill("#b-licence", "360426199101010071");
  await page.fill("#b-expiry", "2031-06-30");
  await Promise.all([page.waitForURL(/flash=test-drive-booked/), page.click("#drive-book")]);
  assert.match(await page.textContent("#lead-drives"), /\*{14}0071/, "the licence shown by its tail");
  assert.match(await page.textContent("#lead-stage"), /已试驾/);
  const car = await page.$eval("#b-car", (s) => s.value);
  assert.ok(await overflow(page) <= 0, "the lead page fits a phone");
  await page.screenshot({ path: `${SHOTS}44-test-drive-phone.png`, fullPage: true });

  // The same car at the same time for another customer: refused, said plainly.
  await page.goto(`${BASE}/leads/new`);
  await page.fill("#f-name", "唐晓");
  await page.fill("#f-mobile", `137${String(Date.now()).slice(-8)}`);
  await page.selectOption("#f-channel", "phone");
  await Promise.all([page.waitForURL(/\/leads\/\d+/), page.click("form .btn-primary")]);
  await page.selectOption("#b-car", car);
  await page.fill("#b-day", tomorrow);
  await page.fill("#b-time", "08:30");
  await page.fill("#b-licence", "360426199101010071");
  await page.fill("#b-expiry", "2031-06-30");
  await page.click("#drive-book");
  await page.waitForSelector("#lead-error");
  assert.match(await page.textContent("#lead-error"), /已被预约/);
  await page.goto(`${BASE}/test-drives?day=${tomorrow}`);
  assert.match(await page.locator("#drives").innerText(), /08:15/);
  await page.goto(lead);
  await context.close();
});

test("a customer's profile on a phone: the timeline, tags found again, consent with its source", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await login(page, "sh.advisor1");
  // A customer who test-drove: the lead, its contacts and the drive are on the timeline.
  await page.goto(`${BASE}/leads?stage=test_drive`);
  await page.locator("main a[href^='/leads/']:not([href='/leads/new'])").first().click();
  await page.waitForURL(/\/leads\/\d+$/);
  await Promise.all([page.waitForURL(/\/customers\/\d+$/), page.click("main a:has-text('查看客户档案')")]);
  const kinds = await page.locator("#customer-timeline li").evaluateAll((li) => li.map((x) => x.dataset.kind));
  assert.ok(kinds.includes("lead") && kinds.includes("test_drive"), `lead and drive on the timeline: ${kinds}`);
  assert.ok(await overflow(page) <= 0, "the profile fits a phone");
  await page.screenshot({ path: `${SHOTS}44-customer-360-phone.png`, fullPage: true });

  // Tag the profile and record the consent given on a call.
  const tag = `车展${String(Date.now()).slice(-5)}`;
  await page.click("a[href$='/edit']");
  await page.fill("#f-tags", `${tag}，关注油耗`);
  await page.check("#f-marketing_consent");
  await page.selectOption("#f-consent_source", "phone");
  await Promise.all([page.waitForURL(/\/customers\/\d+\?flash=/), page.click("#customer-form button[type=submit]")]);
  assert.match(await page.textContent("#consent"), /已授权.*电话录音/);
  const profile = page.url().replace(/\?.*$/, "");
  await page.goto(`${BASE}/customers?tag=${encodeURIComponent(tag)}`);
  assert.match(await page.locator("body").innerText(), /共 1 条/, "found by its tag");
  assert.equal(new URL(await page.locator("#customer-table a").first().evaluate((a) => a.href)).href, profile);
  await context.close();
});
