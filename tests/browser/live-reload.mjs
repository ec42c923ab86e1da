// A real browser against `traction serve`: open a page, edit its Markdown, see
// the new text without a manual reload; break its front matter, see the error
// overlay with file:line; fix it, see the overlay go.
// Usage: node live-reload.mjs URL SITE_DIR   (prints JSON with timings; exits 1 on failure)
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [url, site] = process.argv.slice(2);
const page_file = path.join(site, "content/plans/week-11.md");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = {};
try {
  const page = await browser.newPage();
  // Pages link to `.../index.html` (they open from disk too); reload must follow them there.
  await page.goto(url + "plans/week-11/index.html", { waitUntil: "load" });
  // Give the page a moment to open its event stream before editing.
  await page.waitForTimeout(300);

  const marker = "Live edit " + Date.now();
  let t0 = Date.now();
  fs.appendFileSync(page_file, `\n${marker}\n`);
  await page.waitForFunction(m => document.body.innerText.includes(m), marker, { timeout: 1000 });
  result.edit_to_visible_ms = Date.now() - t0;

  const original = fs.readFileSync(page_file, "utf8");
  t0 = Date.now();
  fs.writeFileSync(page_file, original.replace("week: 11", "week: eleven"));
  await page.waitForSelector("#traction-error", { timeout: 2000 });
  const overlay = await page.textContent("#traction-error");
  if (!/content\/plans\/week-11\.md:\d+/.test(overlay)) throw new Error("overlay lacks file:line: " + overlay);
  result.error_to_overlay_ms = Date.now() - t0;
  // The page itself is still the last good one.
  if (!(await page.textContent("body")).includes(marker)) throw new Error("last good page not kept");

  t0 = Date.now();
  fs.writeFileSync(page_file, original);
  await page.waitForSelector("#traction-error", { state: "detached", timeout: 2000 });
  result.fix_to_clear_ms = Date.now() - t0;
  result.ok = true;
} catch (e) {
  result.ok = false;
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
