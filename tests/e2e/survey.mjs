// temp survey script (not committed)
import { launch, login, BASE } from "./helpers.mjs";
import { readFileSync } from "node:fs";
const axe = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const users = process.argv[2].split(",");
const paths = process.argv[3].split(",");
const widths = (process.argv[4] ?? "1440,390").split(",").map(Number);
const b = await launch();
for (const u of users) {
  for (const w of widths) {
    const ctx = await b.newContext({ viewport: { width: w, height: 900 }, bypassCSP: true });
    const p = await ctx.newPage();
    if (u !== "anon") await login(p, u);
    for (const path of paths) {
      const r = await p.goto(BASE + path);
      await p.evaluate(axe);
      const res = await p.evaluate(async () => await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }));
      const v = res.violations.map((x) => `${x.id}(${x.nodes.length}): ${x.nodes.slice(0,2).map(n=>n.target.join(" ")).join(" | ")}`);
      const sw = await p.evaluate(() => document.documentElement.scrollWidth);
      const name = `${u}${path.replace(/[\/?=&]/g, "_")}-${w}.png`;
      await p.screenshot({ path: `/tmp/survey/${name}`, fullPage: true });
      console.log(u, w, path, r.status(), "scrollW", sw, v.length ? v.join("; ") : "axe ok");
    }
    await ctx.close();
  }
}
await b.close();
