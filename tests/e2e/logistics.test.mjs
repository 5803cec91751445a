// The yard in Chromium at phone width (issue 16): logistics receives a truck at the gate by
// typing (or scanning) VINs; a VIN the truck does not carry is flagged and changes nothing; the
// field is ready for the next VIN after each; the order whose car it carried says "arrived".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, login } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The first truck on the road that carries a customer's car: its page's address.
async function truckWithAnOrder(page) {
  await page.goto(`${BASE}/shipments?status=in_transit`);
  const links = await page.$$eval("#shipments tbody a", (as) => as.map((a) => a.getAttribute("href")));
  for (const href of links) {
    await page.goto(BASE + href);
    if (await page.$("#shipment-vehicles a[href^='/orders/']")) return href;
  }
  throw new Error("no truck on the road carries an order's car");
}

test("logistics receives a truck by typing VINs on a phone; the order says arrived", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await login(page, "sh.inventory");
  const href = await truckWithAnOrder(page);
  const vins = await page.$$eval("#shipment-vehicles tbody td:first-child a", (as) => as.map((a) => a.textContent.trim()));
  const orderHref = await page.getAttribute("#shipment-vehicles a[href^='/orders/']", "href");
  assert.ok(vins.length >= 1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "ci-vin", "the VIN field is ready");

  // A VIN that is not on the truck: flagged, nothing received.
  await page.fill("#ci-vin", "LSVAU2180N2183294");
  await page.press("#ci-vin", "Enter");
  await page.waitForSelector("#check-in-error");
  assert.match(await page.textContent("#check-in-error"), /不在本车运单上/);
  assert.equal(await page.getAttribute("#ci-vin", "aria-invalid"), "true");
  assert.match(await page.textContent("#shipment-progress"), new RegExp(`^0 / ${vins.length}`));
  await page.screenshot({ path: `${SHOTS}30-check-in-refused.png`, fullPage: true });

  // The yard is chosen once and stays chosen; each VIN typed in lower case, then Enter.
  await page.goto(BASE + href);
  await page.selectOption("#ci-location", { label: "后场停车区" });
  for (const [i, vin] of vins.entries()) {
    await page.fill("#ci-vin", vin.toLowerCase());
    await Promise.all([page.waitForURL(/flash=checked-in/), page.press("#ci-vin", "Enter")]);
    assert.match(await page.textContent("#check-in-notice") ?? "", new RegExp(vin), `${vin} checked in`);
    assert.match(await page.textContent("#shipment-progress"), new RegExp(`^${i + 1} / ${vins.length}`));
    if (i + 1 < vins.length) {
      assert.equal(await page.evaluate(() => document.activeElement?.id), "ci-vin", "ready for the next VIN");
      assert.equal(await page.$eval("#ci-location", (s) => s.selectedOptions[0].textContent), "后场停车区");
    }
  }
  assert.equal((await page.textContent("#shipment-status")).trim(), "已全部入库");
  assert.equal(await page.$("#check-in-form"), null, "nothing left to check in");
  await page.screenshot({ path: `${SHOTS}31-truck-received.png`, fullPage: true });

  // The order the truck carried a car for: arrived, with its VIN in stock.
  await page.goto(BASE + orderHref);
  assert.equal((await page.textContent("#order-status")).trim(), "车辆已到店");
  assert.match(await page.textContent("#order-vin"), /在库|已配车/);
  await page.screenshot({ path: `${SHOTS}32-order-arrived.png`, fullPage: true });
  await context.close();
});

test("the stock overview drills down to the VINs, and the last 6 of a VIN finds the car", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await login(page, "sh.inventory");
  await page.goto(`${BASE}/stock`);
  const link = page.locator("#stock tbody td.num a").first();
  const count = Number(await link.textContent());
  await link.click();
  await page.waitForURL(/\/vehicles\?/);
  assert.equal(await page.locator("#vehicles tbody tr").count(), Math.min(count, 20));
  const vin = (await page.locator("#vehicles tbody td:first-child a").first().textContent()).trim();
  await page.goto(`${BASE}/vehicles`);
  await page.fill("#q-vin", vin.slice(-6).toLowerCase());
  await Promise.all([page.waitForURL(/vin=/), page.press("#q-vin", "Enter")]);
  const found = await page.$$eval("#vehicles tbody td:first-child a", (as) => as.map((a) => a.textContent.trim()));
  assert.ok(found.includes(vin), `${vin} in ${found}`);
  // By location: each count opens that location's cars.
  await page.goto(`${BASE}/stock?by=location`);
  const here = page.locator("#stock tbody td.num a").first();
  const n = Number(await here.textContent());
  await Promise.all([page.waitForURL(/location_id=\d+/), here.click()]);
  assert.match(await page.locator("body").innerText(), new RegExp(`共 ${n} 条`));
  await page.goto(`${BASE}/vehicles`);
  await page.fill("#q-vin", "ab");
  await Promise.all([page.waitForURL(/vin=ab/), page.press("#q-vin", "Enter")]);
  assert.match(await page.textContent("#vehicles-error"), /后 4 到 17 位/);
  await context.close();
});

test("a replenishment line explains itself and becomes a draft factory order in one click", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await login(page, "sh.inventory");
  // The stock alert on the home page opens the thresholds crossed now.
  await page.click("#queue-stock-alerts .queue-count");
  await page.waitForURL(/level=crossed/);
  assert.ok(await page.locator("#thresholds tbody tr").count() > 0, "the demo has thresholds that fired");
  await page.goto(`${BASE}/stock/replenish`);
  const line = page.locator("#replenish-lines tbody tr").filter({ has: page.locator(".replenish-draft") }).first();
  const quantity = Number((await line.locator("td.fw-bold").textContent()).trim());
  assert.ok(quantity > 0);
  await line.locator("summary").click();
  const reasons = await line.locator(".replenish-reasons li").allTextContents();
  assert.ok(reasons.some((r) => r.includes("合计需要")), reasons.join("|"));
  assert.match(reasons.at(-1), new RegExp(`建议现在订车 ${quantity} 台`));
  await page.screenshot({ path: `${SHOTS}35-replenish.png`, fullPage: false });
  await Promise.all([page.waitForURL(/\/factory-orders\/\d+/), line.locator(".replenish-draft").click()]);
  assert.match(await page.locator("body").innerText(), /草稿/);
  assert.match(await page.locator("body").innerText(), new RegExp(`${quantity}`));
  // Weeks out of range: the message, nothing computed.
  await page.goto(`${BASE}/stock/replenish?lead_weeks=40`);
  assert.match(await page.textContent("#replenish-error"), /1 到 26/);
  await context.close();
});

test("a car moves to another location and its certificate goes to the lender, both in its history", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await login(page, "sh.inventory");
  await page.goto(`${BASE}/vehicles?status=in_stock`);
  await page.locator("#vehicles tbody td:first-child a").first().click();
  await page.waitForURL(/\/vehicles\/\d+/);
  await page.click("#keep-box summary");
  const options = await page.locator("#keep-location option").evaluateAll((os) => os.map((o) => [o.value, o.selected, o.textContent]));
  const target = options.find(([, selected]) => !selected);
  await page.selectOption("#keep-location", target[0]);
  await page.selectOption("#keep-custody", "lender");
  await page.fill("#keep-note", "押工商银行");
  await Promise.all([page.waitForURL(/flash=saved/), page.click("#keep-save")]);
  const history = await page.locator("#vehicle-history").innerText();
  assert.match(history, new RegExp(`移位[\\s\\S]*${target[2]} · 押工商银行`));
  assert.match(history, /合格证交金融机构/);
  assert.match(await page.locator("body").innerText(), /金融机构（监管）/);
  await page.screenshot({ path: `${SHOTS}36-vehicle-keep-phone.png`, fullPage: true });
  await context.close();
});
