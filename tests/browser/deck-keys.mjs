// The HTML slide view of a deck: readable as a page without JavaScript; with
// it, one slide at a time, moved by the arrow keys, Home/End, the slide number
// in the URL hash; printed, one slide per page.
// Usage: node deck-keys.mjs PAGE_URL   (prints JSON; exits 1 on failure)
import { chromium } from "playwright-core";

const [url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = {};
const visible = page => page.$$eval("section.slide", s =>
  s.filter(e => e.getClientRects().length > 0).map(e => e.id));
// A key press, then the hash it should lead to (waited for: on a loaded
// machine the handler may run after the press returns); the hash seen.
const press = async (page, key, hash) => {
  await page.keyboard.press(key);
  await page.waitForFunction(h => location.hash === h, hash, { timeout: 3000 }).catch(() => {});
  return new URL(page.url()).hash;
};
try {
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(url, { waitUntil: "load" });
  result.slides = await plain.locator("section.slide").count();
  result.visible_without_js = (await visible(plain)).length;
  await nojs.close();

  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  const n0 = await page.locator("section.slide").count();
  result.visible_at_start = await visible(page);
  result.hash_after_right = await press(page, "ArrowRight", "#2");
  result.visible_after_right = await visible(page);
  await press(page, "ArrowRight", "#3");
  result.hash_after_right_left = await press(page, "ArrowLeft", "#2");
  result.hash_after_end = await press(page, "End", "#" + n0);
  result.hash_past_end = await press(page, "ArrowRight", "#" + n0);
  result.hash_after_home = await press(page, "Home", "#1");
  await page.goto(url.split("#")[0] + "#3", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  result.visible_at_hash_3 = await visible(page);
  result.counter_at_hash_3 = await page.textContent("[data-current]");
  // Printing gives one slide per page (print CSS, 13.333 x 7.5 in pages).
  const pdf = await page.pdf({ preferCSSPageSize: true });
  result.print_pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  const n = result.slides;
  result.ok = n > 1
    && result.visible_without_js === n
    && result.visible_at_start.join() === "slide-1"
    && result.hash_after_right === "#2"
    && result.visible_after_right.join() === "slide-2"
    && result.hash_after_right_left === "#2"
    && result.hash_after_end === "#" + n
    && result.hash_past_end === "#" + n
    && result.hash_after_home === "#1"
    && result.visible_at_hash_3.join() === "slide-3"
    && result.counter_at_hash_3 === "3"
    && result.print_pages === n;
} catch (e) {
  result.ok = false;
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
