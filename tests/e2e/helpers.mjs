// Shared browser setup: Debian's Chromium, headless, against AUTODMS_URL (started by tests/run-all).
import { chromium } from "playwright-core";
import { mkdirSync, readdirSync, readFileSync, existsSync, statSync } from "node:fs";

export const BASE = process.env.AUTODMS_URL ?? "http://127.0.0.1:8080";
export const PASSWORD = "autodms-demo";
export const SHOTS = new URL("./screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
}

export async function login(page, username, password = PASSWORD) {
  await page.goto(`${BASE}/login`);
  await page.fill("#username", username);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("button[type=submit]")]);
}

export async function logout(page) {
  await page.click("#user-menu");
  await Promise.all([page.waitForURL(/\/login/), page.click("text=退出登录")]);
}

/// The decoded text of the newest e-mail to `to` (that matches `pattern`, if given): lettre may
/// use quoted-printable or base64. The demo's own mails to staff arrive too, in any order.
export async function mailTo(to, pattern) {
  const decode = (raw) => {
    const [head, ...rest] = raw.split("\n\n");
    let body = rest.join("\n\n");
    if (/content-transfer-encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
    if (/content-transfer-encoding: quoted-printable/i.test(head)) {
      return Buffer.from(body.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
    }
    return Buffer.from(body, "latin1").toString("utf8");
  };
  for (let i = 0; i < 150; i++) {
    const dir = process.env.MAIL_DIR;
    // Newest first; `to` null reads every recipient's mail (a buyer's address the page masks).
    const files = existsSync(dir)
      ? readdirSync(dir).filter((f) => !to || f.startsWith(to + "-"))
        .map((f) => [f, statSync(`${dir}/${f}`).mtimeMs]).sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0])).map(([f]) => f)
      : [];
    for (const f of files) {
      const body = decode(readFileSync(`${process.env.MAIL_DIR}/${f}`, "latin1"));
      if (!pattern || pattern.test(body)) return body;
    }
    await new Promise((r) => setTimeout(r, 200)); // the outbox worker delivers within a second or two
  }
  throw new Error(`no e-mail to ${to}${pattern ? ` matching ${pattern}` : ""}`);
}

/// Draws a signature on the pad inside `box`.
export async function drawSignature(page, box) {
  const canvas = page.locator(`${box} canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const b = await canvas.boundingBox();
  await page.mouse.move(b.x + b.width * 0.15, b.y + b.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++) {
    await page.mouse.move(b.x + b.width * (0.15 + i * 0.028), b.y + b.height * (0.5 + 0.25 * Math.sin(i / 2)), { steps: 2 });
  }
  await page.mouse.up();
}
