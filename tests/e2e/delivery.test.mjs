// Delivery in Chromium at phone width (issue 30): the yard walks a PDI checklist on the lot (a
// failure without its note is refused and shown again, nothing lost), the buyer books the
// handover on their own page while staff work in another context, the handover is signed on the
// phone, and the buyer's page then shows the car delivered, the journey with its dates and nothing
// internal.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, login, drawSignature } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };

const fitsPhone = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/// The order pages listed for `status` as the signed-in user sees them.
async function ordersIn(page, status) {
  await page.goto(`${BASE}/orders?status=${status}`);
  return page.locator("#order-table a[href^='/orders/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
}

test("the yard walks a PDI on the phone: a failure needs its note, a pass makes the order ready", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await login(page, "sh.inventory");
  // An order whose car is here (allocated from stock, or arrived) and waits for its PDI.
  let target = null;
  for (const status of ["arrived", "vehicle_allocated"]) {
    for (const href of await ordersIn(page, status)) {
      await page.goto(`${BASE}${href}`);
      if (await page.locator("#pdi-open").count()) { target = href; break; }
    }
    if (target) break;
  }
  assert.ok(target, "the demo has a car waiting for its PDI");
  await Promise.all([page.waitForURL(/\/pdi$/), page.click("#pdi-open")]);
  await page.click("[data-check-all=pass]");
  await page.locator("label[for=fail-paint]").click();
  await page.click("#pdi-submit");
  await page.locator("#form-error").waitFor();
  assert.match(await page.locator("#item-paint").innerText(), /不合格项请说明问题/);
  assert.ok(await page.isChecked("#fail-paint"), "the choice stays");
  assert.ok(await page.isChecked("#pass-tyre_pressure"), "the other answers stay");
  assert.ok(await fitsPhone(page) <= 0, "the checklist fits a phone");
  await page.screenshot({ path: `${SHOTS}70-pdi-refused-phone.png`, fullPage: true });
  await page.fill("input[name='note.paint']", "左后门轻微划痕，需抛光");
  await Promise.all([page.waitForURL(/flash=pdi-failed/), page.click("#pdi-submit")]);
  assert.match(await page.locator("#pdi-faults").innerText(), /左后门轻微划痕/);
  assert.match(await page.locator("#delivery-blockers").innerText(), /PDI 检查尚未通过/);
  // Fixed and inspected again: every item passes.
  await Promise.all([page.waitForURL(/\/pdi$/), page.click("#pdi-open")]);
  await page.click("[data-check-all=pass]");
  await Promise.all([page.waitForURL(/flash=pdi-passed/), page.click("#pdi-submit")]);
  assert.match(await page.locator("#last-pdi").innerText(), /PDI 通过/);
  await page.screenshot({ path: `${SHOTS}71-pdi-passed-phone.png`, fullPage: true });
  await context.close();
});

test("the buyer books the handover on their page, signs it and sees the car delivered", async () => {
  // Staff: the general manager, on an order ready for delivery that no other test uses (not the
  // first advisor's, whose ready orders the change-order test takes).
  const staffContext = await browser.newContext({ locale: "zh-CN" });
  const staff = await staffContext.newPage();
  await login(staff, "sh.advisor1");
  const advisorOnes = new Set(await ordersIn(staff, "ready_for_delivery"));
  await staffContext.clearCookies();
  await login(staff, "sh.gm");
  const candidates = (await ordersIn(staff, "ready_for_delivery")).filter((h) => !advisorOnes.has(h));
  assert.ok(candidates.length > 0, "the demo has an order ready for delivery");
  // The last one that nothing blocks (a floor-plan car's certificate may still be with the lender).
  let orderUrl = null;
  for (const href of candidates.reverse()) {
    await staff.goto(`${BASE}${href}`);
    if (await staff.locator("#handover-open").count()) { orderUrl = `${BASE}${href}`; break; }
  }
  assert.ok(orderUrl, "an order ready to hand over");
  const link = await staff.inputValue("#customer-link");
  assert.match(link, /\/c\//, "the buyer's link is on the order page after confirmation");

  // The buyer, on their phone: the delivery section, and a slot to pick.
  const buyerContext = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const buyer = await buyerContext.newPage();
  await buyer.goto(link);
  await buyer.locator("#buyer-delivery").waitFor();
  const days = await buyer.getAttribute("#book-day", "min");
  const day = new Date(Date.parse(days) + 86_400_000 * (2 + Math.floor(Math.random() * 20))).toISOString().slice(0, 10);
  await buyer.fill("#book-day", day);
  const starts = await buyer.locator("#book-start option").evaluateAll((os) => os.map((o) => o.value));
  let booked = false;
  for (const start of starts) {
    await buyer.selectOption("#book-start", start);
    await buyer.click("#buyer-book");
    await buyer.waitForLoadState();
    if (await buyer.locator("#customer-message").count()) {
      assert.match(await buyer.locator("#customer-message").innerText(), new RegExp(`${day} ${start}`));
      booked = start;
      break;
    }
  }
  assert.ok(booked, "a free slot was booked");
  assert.ok(await fitsPhone(buyer) <= 0, "the buyer's page fits a phone");
  await buyer.screenshot({ path: `${SHOTS}72-buyer-booked-phone.png`, fullPage: true });

  // Staff see it, and hand the car over on the phone with the buyer's signature.
  await staff.goto(orderUrl);
  assert.match(await staff.locator("#delivery-booking").innerText(), new RegExp(`${day} ${booked}[\\s\\S]*客户自助预约`));
  const handoverContext = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const tablet = await handoverContext.newPage();
  await login(tablet, "sh.gm");
  await tablet.goto(orderUrl);
  await Promise.all([tablet.waitForURL(/\/handover$/), tablet.click("#handover-open")]);
  await tablet.click("#handover-submit");
  await tablet.locator("[data-signature-status]").filter({ hasText: "请客户签名" }).waitFor();
  for (const doc of ["invoice", "certificate", "consistency", "warranty_card", "manuals"]) await tablet.check(`#doc-${doc}`);
  await tablet.fill("#f-odometer_km", "18");
  await drawSignature(tablet, "#handover-form [data-signature]");
  assert.ok(await fitsPhone(tablet) <= 0, "the handover fits a phone");
  await tablet.screenshot({ path: `${SHOTS}73-handover-phone.png`, fullPage: true });
  await Promise.all([tablet.waitForURL(/flash=handed-over/), tablet.click("#handover-submit")]);
  assert.match(await tablet.locator("#handover-facts").innerText(), /18 km/);
  assert.equal(await tablet.locator("#order-status").innerText(), "已交付");

  // The buyer's page: delivered, the journey with its dates, nothing internal.
  await buyer.goto(link);
  await buyer.locator("#buyer-delivered").waitFor();
  const journey = await buyer.locator("#customer-journey").innerText();
  for (const step of ["客户已确认", "已开具机动车销售统一发票", "已预约交车", "已交付"]) {
    assert.match(journey, new RegExp(step), `${step} on the journey`);
  }
  assert.match(journey, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, "each step with its date and time");
  const text = await buyer.locator("body").innerText();
  for (const internal of ["底价", "审核意见", "成本", "毛利"]) assert.ok(!text.includes(internal), `${internal} is not shown`);
  await buyer.screenshot({ path: `${SHOTS}74-buyer-delivered-phone.png`, fullPage: true });

  // The manager's calendar of the week.
  await staff.goto(`${BASE}/deliveries`);
  await staff.locator("#delivery-week").waitFor();
  await staff.screenshot({ path: `${SHOTS}75-delivery-calendar.png`, fullPage: true });
  await staffContext.close();
  await buyerContext.close();
  await handoverContext.close();
});
