import { launch, login, BASE } from "./helpers.mjs";
const b = await launch();
const ctx = await b.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await login(page, "sh.inventory");
const shots = [["/vehicles", "v1"], ["/stock", "v2"], ["/shipments", "v3"], ["/factory-orders", "v4"], ["/vehicles/new", "v5"]];
for (const [p, n] of shots) { await page.goto(BASE + p); await page.screenshot({ path: `/tmp/${n}.png`, fullPage: true }); }
await page.goto(BASE + "/shipments?status=in_transit");
await page.click("#shipments tbody tr a");
await page.screenshot({ path: "/tmp/v6.png", fullPage: true });
await page.goto(BASE + "/vehicles");
await page.click("#vehicles tbody tr a");
await page.screenshot({ path: "/tmp/v7.png", fullPage: true });
const m = await b.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
const p2 = await m.newPage(); await login(p2, "sh.inventory");
await p2.goto(BASE + "/vehicles"); await p2.screenshot({ path: "/tmp/m1.png", fullPage: false });
await b.close();
