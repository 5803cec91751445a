// The console as people meet it, in Chromium: every demo role's home page says what waits for
// them and each card opens its list; every console page, as every role, has no WCAG 2.1 A/AA
// violation (axe-core) and fits a 390 px phone; lists become cards on a phone; the buyer checks
// every term on their phone; unknown addresses get the console's 404 page; the rule editor offers
// choices; a colleague at a shared PC switches user.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, SHOTS, launch, login } from "./helpers.mjs";

const AXE = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// A context for `username` (signed in) at `viewport`. axe is injected through the DevTools
/// protocol: the pages' own policy forbids inline script, which the security tests check.
async function as(username, viewport = DESK) {
  const context = await browser.newContext({ locale: "zh-CN", viewport, bypassCSP: true });
  const page = await context.newPage();
  if (username) await login(page, username);
  return { context, page };
}

/// The WCAG 2.1 A and AA violations axe finds on the page, as readable lines.
async function violations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

/// The page's width beyond the viewport (0 when nothing scrolls sideways).
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const CI = process.env.CI === "true";
const ROLES = ["sh.advisor1", "sh.manager1", "sh.gm", "sh.finance", "sh.inventory", "sh.cs", "sh.service", "sh.foreman", "sh.tech", "sh.parts", "sh.admin", "admin", "exec"];

test("each demo role's home page shows its work and every card opens its list", async () => {
  const expected = {
    "sh.advisor1": ["queue-overdue-stages", "queue-returned", "queue-awaiting-customer", "queue-drafts", "queue-follow-ups-due", "queue-delivery-tasks", "queue-my-deliveries"],
    "sh.manager1": ["queue-awaiting-my-approval", "queue-overdue-stages", "queue-stuck-longest", "queue-follow-ups-due", "queue-follow-ups-slipping", "queue-lost-to-approve", "queue-delivery-tasks", "queue-deliveries-tomorrow", "queue-complaints-mine"],
    "sh.gm": ["queue-awaiting-my-approval", "queue-overdue-stages", "queue-stuck-longest", "queue-trucks-coming", "queue-stock-alerts", "queue-transfers-to-approve", "queue-follow-ups-due", "queue-follow-ups-slipping", "queue-lost-to-approve", "queue-delivery-tasks", "queue-deliveries-tomorrow", "queue-cars-in-shop", "queue-complaints-mine", "queue-complaints-overdue"],
    "sh.finance": ["queue-awaiting-my-approval", "queue-awaiting-contract-or-money", "queue-payments-to-confirm", "queue-refunds-to-approve"],
    "sh.inventory": ["queue-awaiting-vehicle", "queue-trucks-coming", "queue-stock-alerts"],
    "sh.cs": ["queue-awaiting-customer", "queue-callbacks-due", "queue-complaints-mine"],
    "exec": ["queue-stuck-longest"],
    "sh.service": ["queue-cars-in-shop", "queue-appointments-today", "queue-repairs-to-settle", "queue-complaints-mine"],
    "sh.foreman": ["queue-repairs-to-dispatch", "queue-repairs-qc", "queue-my-jobs"],
    "sh.parts": ["queue-parts-to-issue", "queue-parts-to-return", "queue-parts-reorder"],
    "sh.tech": ["queue-my-jobs"],
  };
  for (const user of ROLES) {
    for (const viewport of [DESK, PHONE]) {
      const { context, page } = await as(user, viewport);
      await page.goto(`${BASE}/`);
      if (!CI) await page.screenshot({ path: `${SHOTS}home-${user}-${viewport.width}.png`, fullPage: true });
      const cards = await page.locator(".queue-card").evaluateAll((cs) => cs.map((c) => ({
        id: c.id, count: Number(c.querySelector(".queue-count").textContent), href: c.querySelector(".queue-count").getAttribute("href"),
      })));
      const want = expected[user];
      if (want) {
        assert.deepEqual(cards.map((c) => c.id).sort(), [...want].sort(), `${user}'s queues`);
        assert.ok(cards.some((c) => c.count > 0), `${user} has something waiting in the demo`);
      } else {
        assert.equal(cards.length, 0, user);
        assert.ok((await page.locator("#home-promise").innerText()).length > 20, `${user} is told what autodms will give them`);
      }
      assert.ok(await overflow(page) <= 0, `${user}'s home fits ${viewport.width} px`);
      if (viewport === DESK) {
        // Every card opens its list in one click, with the count the card showed.
        for (const c of cards) {
          const r = await page.goto(`${BASE}${c.href}`);
          assert.equal(r.status(), 200, `${user} opens ${c.id}`);
          const total = await page.locator("body").innerText();
          assert.match(total, new RegExp(`共 ${c.count} 条`), `${user} ${c.id}: the list counts ${c.count}`);
          await page.goto(`${BASE}/`);
        }
        // The first item of a card opens its record (an order, a lead, a repair order, a job, a part
        // or its request at the parts counter, a callback or a complaint) or, for an advisor's
        // overdue follow-ups, that advisor's overdue leads.
        const first = page.locator(".queue-card .list-group-item a").first();
        if (await first.count()) {
          await Promise.all([page.waitForURL(/\/(orders\/\d+$|leads(\/\d+$|\?)|service\/(repair-orders\/\d+$|my-jobs)|parts\/(\d+$|requests\?)|care\/(callbacks|complaints)\/\d+$)/), first.click()]);
        }
      }
      await context.close();
    }
  }
});

/// The console's pages a role reaches from its menu: each list, the first record of each kind it
/// links to, and the pages those records link to in turn (edit forms, the order form for a
/// customer), one of each shape.
async function pagesOf(page) {
  await page.goto(`${BASE}/`);
  const menu = await page.locator("#sidebar a.nav-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  const pages = new Set(["/", "/account/password", "/account/tokens", "/account/notifications", "/notifications", ...menu]);
  const shapes = new Set();
  const follow = async (from) => {
    await page.goto(`${BASE}${from}`);
    const links = await page.locator("main a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    const found = [];
    for (const href of links) {
      const path = href.split("?")[0];
      const section = from.split("/").slice(0, 2).join("/");
      if (href.includes("export") || path === from.split("?")[0] || !(path.startsWith(section) || path === "/orders/new")) continue;
      const shape = href.replace(/\d+/g, ":id").replace(/[?&](page|sort|status|q)=[^&]*/g, "");
      if (shapes.has(shape) || pages.has(href)) continue;
      shapes.add(shape);
      found.push(href);
    }
    return found;
  };
  for (const list of menu) {
    for (const record of await follow(list)) {
      pages.add(record);
      if (/\d/.test(record)) for (const deeper of await follow(record)) pages.add(deeper);
    }
  }
  return [...pages];
}

test("every console page, as every role, has no WCAG 2.1 A/AA violation and fits a phone", async () => {
  const problems = [];
  let checked = 0;
  for (const user of ROLES) {
    const { context, page } = await as(user, PHONE);
    const pages = await pagesOf(page);
    for (const path of pages) {
      const r = await page.goto(`${BASE}${path}`);
      if (!r || r.status() !== 200) { problems.push(`${user} ${path}: ${r ? r.status() : "no response"}`); continue; }
      for (const v of await violations(page)) problems.push(`${user} ${path} (390 px): ${v}`);
      const wide = await overflow(page);
      if (wide > 0) problems.push(`${user} ${path}: ${wide} px wider than a 390 px phone`);
      const name = `${user}${path.replace(/[/?=&]/g, "_")}`;
      // Every page's picture when run by hand; CI (nobody looks) saves the time.
      if (!CI) await page.screenshot({ path: `${SHOTS}page-${name}-390.png`, fullPage: true });
      await page.setViewportSize(DESK);
      for (const v of await violations(page)) problems.push(`${user} ${path} (1440 px): ${v}`);
      if (!CI) await page.screenshot({ path: `${SHOTS}page-${name}-1440.png`, fullPage: true });
      await page.setViewportSize(PHONE);
      checked += 1;
    }
    await context.close();
  }
  assert.ok(checked > 60, `checked ${checked} pages`);
  assert.deepEqual(problems, [], problems.join("\n"));
});

test("the order list is a list of cards on a phone", async () => {
  const { context, page } = await as("sh.manager1", PHONE);
  await page.goto(`${BASE}/orders`);
  await page.screenshot({ path: `${SHOTS}orders-cards-390.png`, fullPage: true });
  assert.equal(await page.locator("#order-table thead").evaluate((t) => getComputedStyle(t).display), "none");
  const row = page.locator("#order-table tbody tr").first();
  assert.equal(await row.evaluate((r) => getComputedStyle(r).display), "grid", "each order is a card");
  const box = await row.boundingBox();
  assert.ok(box.width <= 390, "a card is as wide as the phone");
  const text = await row.innerText();
  assert.match(text, /SO-SH01-\d{8}-\d{4}/, "the number");
  assert.match(text, /¥[\d,]+\.\d\d/, "the amount");
  assert.ok(await row.locator(".badge").isVisible(), "the status");
  assert.ok(await row.locator("td[data-card=sub]").isVisible(), "the model");
  assert.ok(await overflow(page) <= 0, "nothing scrolls sideways");
  await context.close();
});

test("the buyer checks every term of the order on their phone", async () => {
  const staff = await as("sh.gm");
  // The demo's loan order waiting for the customer.
  await staff.page.goto(`${BASE}/orders?status=awaiting_confirmation`);
  const ids = await staff.page.locator("#order-table tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.href));
  let link = null;
  for (const href of ids) {
    await staff.page.goto(`${BASE}${href}`);
    const payment = await staff.page.locator("main").innerText();
    if (payment.includes("贷款") && (await staff.page.locator("#customer-link").count())) {
      link = await staff.page.inputValue("#customer-link");
      assert.ok(await staff.page.locator("#customer-link-qr svg").isVisible(), "a QR code to scan");
      await staff.page.click("#copy-link");
      await staff.page.locator("#copy-status").filter({ hasText: /复制/ }).waitFor();
      break;
    }
  }
  assert.ok(link, "the demo has a loan order waiting for its customer");
  await staff.context.close();
  const { context, page } = await as(null, PHONE);
  await page.goto(link);
  await page.screenshot({ path: `${SHOTS}buyer-390.png`, fullPage: true });
  assert.match(await page.locator("#customer-configuration").innerText(), /外观色\s+\S+/, "the exterior colour");
  const price = await page.locator("#customer-price").innerText();
  assert.match(price, /车辆购置税/, "the purchase-tax estimate");
  const payment = await page.locator("#customer-payment").innerText();
  for (const term of ["贷款", "首付", "贷款金额", "贷款期限", "期"]) assert.ok(payment.includes(term), term);
  assert.match(await page.locator("#customer-delivery").innerText(), /\d{4}-\d{2}-\d{2}/, "the delivery date");
  assert.equal(await page.locator("#customer-status").innerText(), "待客户确认", "the status as staff name it");
  assert.deepEqual(await violations(page), []);
  assert.ok(await overflow(page) <= 0, "fits the phone");
  await context.close();
});

test("an unknown address is the console's 404 page with the way back, and the icon is there", async () => {
  const { context, page } = await as("sh.advisor1");
  for (const path of ["/no-such-page", "/assets/no-such.js", "/orders/99999999"]) {
    const r = await page.goto(`${BASE}${path}`);
    assert.equal(r.status(), 404, path);
    assert.equal(await page.locator("#error-title").innerText(), "页面不存在", path);
    assert.ok(await page.locator("a[href='/']").isVisible(), "the way home");
    assert.deepEqual(await violations(page), [], path);
  }
  await page.screenshot({ path: `${SHOTS}error-404.png` });
  const icon = await page.request.get(`${BASE}/favicon.ico`);
  assert.equal(icon.headers()["content-type"], "image/svg+xml");
  await context.close();
});

test("the rule editor offers choices with units and refuses a threshold that never fires", async () => {
  const { context, page } = await as("admin");
  await page.goto(`${BASE}/admin/approval-rules/new`);
  await page.fill("#f-name", "折扣超过 200%");
  assert.ok(await page.locator("#f-threshold_percent").isVisible());
  assert.ok(!(await page.locator("#f-threshold_payment").isVisible()), "only the field of the chosen condition");
  await page.selectOption("#f-condition", "payment_method_is");
  assert.ok(await page.locator("#f-threshold_payment").isVisible());
  const methods = await page.locator("#f-threshold_payment option").allInnerTexts();
  assert.deepEqual(methods, ["全款", "贷款", "公司购车"], "payment methods by name");
  await page.selectOption("#f-condition", "discount_percent_over");
  await page.fill("#f-threshold_percent", "200");
  await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
  await page.screenshot({ path: `${SHOTS}rule-editor-refused.png`, fullPage: true });
  assert.match(await page.locator("#f-threshold_percent-error").innerText(), /永远不会生效/);
  assert.equal(await page.getAttribute("#f-threshold_percent", "aria-invalid"), "true");
  assert.deepEqual(await violations(page), []);
  await context.close();
});

test("a colleague at a shared PC signs in as themselves instead of being refused", async () => {
  const { context, page } = await as("sh.advisor1");
  await page.goto(`${BASE}/login`);
  assert.match(await page.locator("#signed-in-as").innerText(), /当前已登录/);
  await page.fill("#username", "sh.manager1");
  await page.fill("#password", "autodms-demo");
  await Promise.all([page.waitForURL(`${BASE}/`), page.click("button[type=submit]")]);
  assert.ok(await page.locator("#queue-awaiting-my-approval").isVisible(), "the manager's home");
  await context.close();
});
