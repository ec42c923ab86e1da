// axe-core (WCAG 2.1 A/AA and best practices) over every HTML page of every
// edition, at 1280 and 390 px, opened from file://. Also measures, on every
// page at both widths, the smallest rendered chart text (must be >= 11 px).
// Usage: node axe.mjs OUTPUT_DIR   (prints JSON; exits 1 on any violation)
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [outDir] = process.argv.slice(2);

function htmlFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...htmlFiles(p));
    else if (entry.name.endsWith(".html")) found.push(p);
  }
  return found.sort();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { pages: 0, views: 0, violations: [], small_chart_text: [], min_chart_text_px: null };
try {
  const files = htmlFiles(outDir);
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const file of files) {
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const r = await page.evaluate(async () => {
        const res = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
          resultTypes: ["violations"],
        });
        return res.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5), count: v.nodes.length }));
      });
      const text = await page.evaluate(() => {
        let min = null;
        for (const t of document.querySelectorAll("svg text")) {
          const svg = t.ownerSVGElement;
          if (!svg || !t.getClientRects().length || !t.textContent.trim()) continue;
          const scale = svg.getScreenCTM() ? svg.getScreenCTM().a : 1;
          const px = parseFloat(getComputedStyle(t).fontSize) * scale;
          if (min === null || px < min) min = px;
        }
        return min;
      });
      const rel = path.relative(outDir, file);
      if (text !== null) {
        if (result.min_chart_text_px === null || text < result.min_chart_text_px) result.min_chart_text_px = text;
        if (text < 11) result.small_chart_text.push({ page: rel, width, px: +text.toFixed(2) });
      }
      for (const v of r) result.violations.push({ page: rel, width, ...v });
      result.views += 1;
    }
    result.pages = files.length;
    await context.close();
  }
  result.ok = result.violations.length === 0 && result.small_chart_text.length === 0;
} catch (e) {
  result.ok = false;
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
