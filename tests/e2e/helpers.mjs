// Shared browser setup: Debian's Chromium, headless, against AUTODMS_URL (started by tests/run-all).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

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
