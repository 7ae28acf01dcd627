// The HTML sheets in a real headless Chromium, as a phone and a desktop show them.
// Usage: node screen_html.mjs PAGE.html OUT_DIR  -> JSON with what a reader would notice; PNGs in OUT_DIR.
import chromium from "@sparticuz/chromium";
import { chromium as playwright } from "playwright-core";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [page, out] = process.argv.slice(2);
const url = pathToFileURL(page).href;
const browser = await playwright.launch({
  executablePath: process.env.PREPCTL_TEST_CHROMIUM || (await chromium.executablePath()),
  headless: true,
  // root needs --no-sandbox; this machine's closed network makes background connections hang
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],  // playwright gives it a fresh profile
});
const widths = { phone: [390, 844], desktop: [1280, 900] };
const report = {};
for (const [name, [width, height]] of Object.entries(widths)) {
  const context = await browser.newContext({ viewport: { width, height } });
  const tab = await context.newPage();
  await tab.goto(url);
  const seen = await tab.evaluate(() => {
    const body = document.querySelector("section.week").getBoundingClientRect();  // where the text is
    const visible = (el) => el && getComputedStyle(el).display !== "none";
    const chart = document.querySelector("svg.chart");
    const px = (el) => parseFloat(getComputedStyle(el).fontSize);
    const chartScale = visible(chart) ? chart.getBoundingClientRect().width / chart.viewBox.baseVal.width : null;
    return {
      viewport: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      bodyLeft: body.left, bodyRight: window.innerWidth - body.right,
      textPx: Math.min(...[".session", ".cover .summary", ".about p"].map((q) => px(document.querySelector(q)))),
      chartLabelPx: chartScale === null ? null : 12 * chartScale,
      focusListShown: visible(document.querySelector(".focus-list")),
      boxes: document.querySelectorAll("input.tick").length,
    };
  });
  await tab.screenshot({ path: join(out, `${name}.png`) });
  const box = tab.locator("input.tick").first();
  await box.check();
  await tab.reload();
  seen.tickKept = await tab.locator("input.tick").first().isChecked();
  report[name] = seen;
  await context.close();
}
await browser.close();
console.log(JSON.stringify(report));
