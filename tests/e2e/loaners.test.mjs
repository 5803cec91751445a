// Loaner cars in Chromium (issue 31): the desk lends the demo's free loaner from a repair order
// (a wrong licence refused and the form shown again with what was typed), the repair order shows
// the car out, and the car comes back on a phone at the lot: an odometer below the one it left
// with refused, then the distance and the fuel used shown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, login } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function as(user, viewport) {
  const context = await browser.newContext({ locale: "zh-CN", viewport });
  const page = await context.newPage();
  await login(page, user);
  return page;
}

const nextYear = () => `${new Date().getFullYear() + 2}-06-30`;

test("the desk lends a loaner against a repair order and takes it back at the lot", async () => {
  const desk = await as("sh.service", { width: 1280, height: 900 });
  await desk.goto(`${BASE}/service/loaners`);
  assert.equal(await desk.locator("#fleet li").count(), 3, "the demo's three loaners");
  // An open repair order without a loaner out.
  await desk.goto(`${BASE}/service/repair-orders?status=open&per_page=100`);
  const orders = await desk.locator("main a[href^='/service/repair-orders/']").evaluateAll(
    (as) => [...new Set(as.map((a) => a.getAttribute("href")).filter((h) => /\/\d+$/.test(h)))]);
  let order;
  for (const href of orders) {
    await desk.goto(`${BASE}${href}`);
    if (await desk.locator("#lend-loaner").count()) { order = href; break; }
  }
  assert.ok(order, "an open repair order offers the free loaner");
  await desk.click("#lend-loaner");
  await desk.selectOption("#vehicle_id", { index: 1 });
  await desk.fill("#licence_no", "36042619910101007");
  await desk.fill("#licence_expires_on", nextYear());
  await desk.fill("#km", "5000");
  await desk.click("#lend");
  assert.ok(await desk.locator("#licence_no.is-invalid").count() === 1, "a wrong licence number is refused");
  assert.equal(await desk.inputValue("#km"), "5000", "what was typed stays");
  await desk.fill("#licence_no", "360426199101010071");
  await Promise.all([desk.waitForURL(/flash=loan-lent/), desk.click("#lend")]);
  assert.ok(desk.url().includes(order));
  assert.match(await desk.locator("#loaner-box").innerText(), /5000 km/);
  await desk.screenshot({ path: `${SHOTS}loaner-lent.png`, fullPage: true });
  const loan = await desk.locator("#loaner-return").getAttribute("href");

  // Back at the lot, on a phone.
  const lot = await as("sh.service", { width: 390, height: 844 });
  await lot.goto(`${BASE}${loan}`);
  await lot.fill("#km", "4990");
  await lot.fill("#fuel_percent", "70");
  await lot.click("#take-back");
  assert.ok(await lot.locator("#km.is-invalid").count() === 1, "less than it left with is refused");
  await lot.fill("#km", "5080");
  await Promise.all([lot.waitForURL(/flash=loan-returned/), lot.click("#take-back")]);
  assert.match(await lot.locator("#loan-driven").innerText(), /80 km/);
  assert.ok(await lot.locator("#loan-fuel-short").count() === 1, "fuel used shows");
  await lot.screenshot({ path: `${SHOTS}loaner-returned-390.png`, fullPage: true });
  await desk.goto(`${BASE}${order}`);
  assert.ok(await desk.locator("#lend-loaner").count() === 1, "the car is free again");
});
