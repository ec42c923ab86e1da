// Site search in a real browser: the built internal edition is served to
// chromium from disk through request interception (no server, no network);
// `/` focuses the box, typing a week-plan task finds its week with the words
// marked in an excerpt, and the result opens the page.
// Usage: node search.mjs OUTPUT_DIR QUERY EXPECTED_URL_SUFFIX   (prints JSON; exits 1 on failure)
// With OUTPUT_DIR given as a file:// URL (ending in /), the pages are opened
// from disk as a reader would (expect `.../plans/week-11/index.html` there).
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [dir, query, expected] = process.argv.slice(2);
const origin = "http://traction.test";
const types = { html: "text/html", css: "text/css", js: "text/javascript", svg: "image/svg+xml",
                json: "application/json", xml: "application/xml", pdf: "application/pdf" };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { requests: [] };
try {
  const [w, h] = (process.env.SEARCH_VIEWPORT || "1280x800").split("x").map(Number);
  const context = await browser.newContext({ viewport: { width: w, height: h } });
  const fromDisk = dir.startsWith("file://");
  if (!fromDisk) await context.route("**/*", route => {
    const url = new URL(route.request().url());
    if (url.origin !== origin) return route.abort();
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (url.pathname.endsWith("/")) file = path.join(file, "index.html");
    result.requests.push(url.pathname);
    if (!file.startsWith(dir) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: "" });
    const ext = path.extname(file).slice(1);
    return route.fulfill({ status: 200, contentType: types[ext] || "application/octet-stream",
                           body: fs.readFileSync(file) });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", e => errors.push(String(e)));
  await page.goto(fromDisk ? dir + "index.html" : origin + "/", { waitUntil: "load" });
  if (result.requests.includes("/search-index.js")) throw new Error("index loaded before any search");
  await page.keyboard.press("/");
  result.focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (result.focused !== "site-search-input") throw new Error("`/` did not focus the search box");
  await page.keyboard.type(query);
  await page.waitForSelector("#site-search-results li a", { timeout: 5000 });
  const hits = await page.$$eval("#site-search-results li a", links => links.map(a => ({
    href: a.href,
    title: a.querySelector(".site-search-title").textContent,
    excerpt: a.querySelector(".site-search-excerpt").textContent,
    marks: Array.from(a.querySelectorAll(".site-search-excerpt mark")).map(m => m.textContent.toLowerCase()),
  })));
  result.status = await page.textContent(".site-search-status");
  if (process.env.SEARCH_SCREENSHOT) await page.screenshot({ path: process.env.SEARCH_SCREENSHOT });
  const rank = hits.findIndex(h => h.href.endsWith(expected));
  if (rank < 0) throw new Error("no result opens " + expected + ": " + JSON.stringify(hits.map(h => h.href)));
  result.rank = rank + 1;
  result.hit = hits[rank];
  for (const word of query.toLowerCase().split(/\s+/)) {
    if (!result.hit.marks.includes(word)) throw new Error("excerpt does not mark " + word);
  }
  // Keyboard only: down from the box to the result, then open it.
  await page.keyboard.press("ArrowDown");
  for (let i = 0; i < rank; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL("**" + expected, { timeout: 5000 });
  result.opened = page.url();
  if (errors.length) throw new Error("script errors: " + errors.join("; "));
  console.log(JSON.stringify(result));
} catch (e) {
  console.log(JSON.stringify(result));
  console.error(String(e && e.stack || e));
  process.exitCode = 1;
} finally {
  await browser.close();
}
