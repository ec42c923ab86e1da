// A YouTube/Vimeo testimonial is a facade: opening the page makes no request
// outside the site; clicking it loads the player (and only then).
// Usage: node video-facade.mjs FILE_URL   (prints JSON; exits 1 on failure)
import { chromium } from "playwright-core";

const [url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { before_click: [], after_click: [] };
let clicked = false;
try {
  const page = await browser.newPage();
  page.on("request", r => {
    if (r.url().startsWith("file:") || r.url().startsWith("data:")) return;
    (clicked ? result.after_click : result.before_click).push(r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(500);
  result.facade = await page.locator(".video-facade a").count();
  clicked = true;
  await page.click(".video-facade a");
  await page.waitForSelector(".video-facade iframe", { timeout: 2000 });
  result.iframe_src = await page.getAttribute(".video-facade iframe", "src");
  await page.waitForTimeout(500);
  result.ok = result.facade === 1 && result.before_click.length === 0;
} catch (e) {
  result.ok = false;
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
