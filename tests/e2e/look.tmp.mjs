import { launch, login, BASE } from "./helpers.mjs";
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
await login(page, "sh.inventory");
await page.screenshot({ path: "/tmp/home-inv.png", fullPage: true });
await page.goto(BASE + "/stock/replenish");
await page.screenshot({ path: "/tmp/replenish.png", fullPage: true });
const first = page.locator("#replenish-lines details").first();
if (await first.count()) { await first.locator("summary").click(); }
await page.screenshot({ path: "/tmp/replenish-open.png", fullPage: false });
await page.goto(BASE + "/stock/replenish?lead_weeks=0");
console.log("bad weeks text:", await page.locator("#replenish-error").textContent().catch(() => "none"));
await browser.close();
