// A signed deal changes only through a change order (变更单): the advisor proposes a bigger
// discount on a demo order that is 待交车 (signed, paid in full, invoiced), the sales manager
// approves it, the buyer signs the supplement on their phone (390 px) with the code the SMTP
// server received, the advisor countersigns; the invoice of the old price is reversed, finance
// issues it again and pays back the difference.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, drawSignature, launch, login, mailTo } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const yuan = (text) => Number(text.replace(/[^\d.-]/g, ""));

test("a change order after signing: approved, signed by the buyer on the phone, invoice reissued, difference refunded", async () => {
  const advisor = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await login(advisor, "sh.advisor1");
  // A demo deal of the advisor that waits for delivery: signed, paid in full, invoiced.
  await advisor.goto(`${BASE}/orders?status=ready_for_delivery`);
  await Promise.all([advisor.waitForURL(/\/orders\/\d+$/), advisor.locator("#order-list a[href^='/orders/'], table a[href^='/orders/']").first().click()]);
  const orderUrl = advisor.url();
  const totalBefore = yuan(await advisor.locator("#order-total").innerText());
  // A bigger discount than the signed one (the price goes down, the difference goes back), within
  // the sales manager's approval.
  const signedPct = Number(/优惠[^\d%]*?(\d+\.\d{2})%/.exec(await advisor.locator("main").innerText())?.[1] ?? "0");
  const newPct = (signedPct < 2.9 ? 2.9 : Math.min(signedPct + 0.5, 4.9)).toFixed(1);
  assert.match(await advisor.locator("#money").innerText(), /有效/, "a valid invoice");
  // No silent edit of a signed deal: the button proposes a change order.
  assert.equal(await advisor.locator("#order-actions a", { hasText: "编辑" }).count(), 0);
  await Promise.all([advisor.waitForURL(/\/edit$/), advisor.click("#propose-change")]);
  assert.match(await advisor.locator("#change-intro").innerText(), /已签合同继续有效/);
  await advisor.selectOption("#f-discount_kind", "percent");
  await advisor.fill("#f-discount_value", newPct);
  // Without a reason the form comes back with the typed terms and the message under the field.
  await advisor.click("#save-order");
  await advisor.locator("#f-reason-error").waitFor();
  assert.equal(await advisor.inputValue("#f-discount_value"), newPct);
  await advisor.fill("#f-change_reason", "客户要求按店庆活动加大优惠");
  await Promise.all([advisor.waitForURL(/flash=change-order-proposed/), advisor.click("#save-order")]);
  const box = advisor.locator("#change-box li").first();
  assert.equal(await box.locator("[data-change-status]").getAttribute("data-change-status"), "awaiting_approval");
  assert.match(await box.innerText(), /优惠[\s\S]*合同总价/);
  assert.equal(yuan(await advisor.locator("#order-total").innerText()), totalBefore, "the signed price holds meanwhile");
  assert.equal(await advisor.locator("#order-status").innerText(), "待交车", "the order keeps its place");
  assert.equal(await box.locator("#change-approve").count(), 0, "the advisor approves nothing");
  await advisor.screenshot({ path: `${SHOTS}30-change-proposed.png`, fullPage: true });

  const manager = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await login(manager, "sh.manager1");
  await manager.goto(orderUrl);
  await manager.fill("#change-box input[name=text]", "同意，店庆价");
  await Promise.all([manager.waitForURL(/flash=change-order-approve/), manager.click("#change-approve")]);
  assert.equal(await manager.locator("#change-box [data-change-status]").first().getAttribute("data-change-status"), "awaiting_signature");

  // The buyer signs the supplement on their phone with the code sent to them.
  await advisor.goto(orderUrl);
  assert.match(await advisor.locator("#contract-in-force").innerText(), /已签署/, "the signed version in force is named beside the supplement");
  const signLink = await advisor.locator("#sign-link").inputValue();
  const phone = await (await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await phone.goto(signLink.replace(/^https?:\/\/[^/]+/, BASE));
  assert.match(await phone.locator("#pending-change").innerText(), /合同变更待您签署[\s\S]*合同总价/);
  const supplement = await phone.request.get(await phone.locator("#read-contract").evaluate((a) => a.href));
  assert.equal(supplement.headers()["content-type"], "application/pdf");
  const inForce = await phone.request.get(await phone.locator("#in-force-contract").evaluate((a) => a.href));
  assert.equal(inForce.status(), 200, "the signed contract in force stays the buyer's to read");
  await phone.click("#send-code");
  await phone.locator("#customer-message", { hasText: "验证码已通过电子邮件发送到" }).waitFor();
  // The newest code mail of this order (the page shows the buyer's address masked).
  const orderNo = (await advisor.locator("#order-no").innerText()).trim();
  const text = await mailTo(null, new RegExp(`验证码[：:][\\s\\S]*${orderNo}|${orderNo}[\\s\\S]*验证码[：:]`));
  const code = /验证码[：:]\s*\u2068?(\d{6})/.exec(text)?.[1];
  assert.ok(code, "the signing code arrived by e-mail");
  await phone.fill("#sign-code", code);
  await drawSignature(phone, "#customer-contract [data-signature]");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`);
  await phone.screenshot({ path: `${SHOTS}31-buyer-signs-supplement.png`, fullPage: true });
  await phone.click("#sign-contract");
  await phone.locator("#customer-message", { hasText: "签署成功" }).waitFor();

  // The advisor countersigns: the new terms are in force, the old invoice is reversed and the
  // difference is requested back.
  await advisor.goto(orderUrl);
  await advisor.click("#countersign-box summary");
  await drawSignature(advisor, "#countersign-box [data-signature]");
  await Promise.all([advisor.waitForURL(/flash=money-countersigned/), advisor.click("#countersign")]);
  const totalAfter = yuan(await advisor.locator("#order-total").innerText());
  assert.ok(totalAfter < totalBefore, `${totalAfter} < ${totalBefore}`);
  assert.equal(await advisor.locator("#change-box [data-change-status]").first().getAttribute("data-change-status"), "in_force");
  assert.match(await advisor.locator("#money").innerText(), /已红冲/);
  await advisor.screenshot({ path: `${SHOTS}32-change-in-force.png`, fullPage: true });

  // Finance issues the invoice again on the new terms, approves and pays the refund.
  const finance = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await login(finance, "sh.finance");
  await finance.goto(orderUrl);
  await finance.click("#invoice-box summary");
  await finance.fill("#i-code", "031002400111");
  await finance.fill("#i-no", `${Date.now()}`.slice(-8));
  await Promise.all([finance.waitForURL(/flash=money-invoice/), finance.click("#prepare-invoice")]);
  assert.match(await finance.locator("#money").innerText(), /已红冲[\s\S]*有效|有效[\s\S]*已红冲/);
  const refund = finance.locator("[id^=refund-]").first();
  assert.equal(yuan(await refund.locator(".num").innerText()), Math.round((totalBefore - totalAfter) * 100) / 100);
  await Promise.all([finance.waitForURL(/flash=refund-approve/), refund.locator("button", { hasText: "同意退款" }).click()]);
  const pay = finance.locator("[id^=refund-] form[action$='/pay']").first();
  await pay.locator("select").selectOption("bank_transfer");
  await pay.locator("input[name=reference]").fill(`RF${Date.now()}`.slice(0, 16));
  await Promise.all([finance.waitForURL(/flash=refund-pay/), pay.locator("button").click()]);
  assert.match(await finance.locator("[id^=refund-]").first().innerText(), /已支付/);
  await finance.screenshot({ path: `${SHOTS}33-change-settled.png`, fullPage: true });
  // The buyer's page no longer shows a pending change; the signed copy is the supplement.
  await phone.goto(signLink.replace(/^https?:\/\/[^/]+/, BASE));
  assert.equal(await phone.locator("#pending-change").count(), 0);
  const signed = await phone.request.get(await phone.locator("#signed-contract").evaluate((a) => a.href));
  assert.equal(signed.status(), 200);
});
