// The site works wherever it is opened: from disk (file://) and under a path
// on a web server. Opens START, checks the page is styled (computed style, not
// a bare document), then opens every internal link of the page and of one
// page two folders down, and checks each is a styled page (not a folder
// listing, not a 404). With a third argument, also opens that URL (the 404
// page) and follows its links.
// Usage: node anywhere.mjs START_URL [NOT_FOUND_URL]   (prints JSON; exits 1 on failure)
import { chromium } from "playwright-core";

const [start, notFound] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--allow-file-access-from-files",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { opened: [], problems: [] };

// What a styled traction page looks like once site.css applied: a coloured header band.
async function styled(page) {
  return page.evaluate(() => {
    const header = document.querySelector(".site-header");
    if (!header || !document.querySelector("main")) return "no site header or main";
    const bg = getComputedStyle(header).backgroundColor;
    if (bg === "rgba(0, 0, 0, 0)" || bg === "transparent") return "header has no background: site.css not applied";
    if (getComputedStyle(document.body).display !== "flex") return "body is not laid out by site.css";
    return null;
  });
}

async function internalLinks(page) {
  return page.evaluate(() => [...document.querySelectorAll("a[href]")]
    .map(a => a.href)
    .filter(h => h.startsWith(location.origin === "null" ? "file:" : location.origin))
    .filter(h => !h.includes("#"))
    .filter(h => /(\.html|\/)$/.test(h)));
}

async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: "load" });
  const status = response ? response.status() : 0;
  if (response && status !== 200 && !url.startsWith("file:")) {
    result.problems.push(`${url}: HTTP ${status}`);
    return false;
  }
  const why = await styled(page);
  if (why) {
    result.problems.push(`${url}: ${why}`);
    return false;
  }
  result.opened.push(url);
  return true;
}

try {
  const page = await browser.newPage();
  if (!(await visit(page, start))) throw new Error("start page: " + result.problems.join("; "));
  await page.evaluate(() => document.fonts.ready);
  result.emoji_font = await page.evaluate(() =>
    [...document.fonts].filter(f => f.family.replace(/"/g, "") === "Traction Emoji").map(f => f.status).join(","));
  const links = await internalLinks(page);
  const deep = links.find(l => /\/plans\/week-[^/]+\/(index\.html)?$/.test(l));
  let all = [...links];
  if (deep && (await visit(page, deep))) all.push(...(await internalLinks(page)));
  if (notFound && (await visit(page, notFound))) all.push(...(await internalLinks(page)));
  all = [...new Set(all)].sort();
  result.links = all.length;
  for (const link of all) await visit(page, link);
  result.ok = result.problems.length === 0 && all.length > 5;
} catch (e) {
  result.ok = false;
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
