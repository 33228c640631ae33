// Opens an audit report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) with
// every network request blocked, and prints, as one JSON document, what a reader sees: the title, the
// chain id and block hash, the supply table's rows, the role highlights, the size of every chart, the
// console errors and every request the page tried to make. Usage: node read_report.mjs REPORT.html SHOT.png
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [file, shot] = process.argv.slice(2);
const url = pathToFileURL(file).href;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    requests.push(u);
    return u === url ? route.continue() : route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  const seen = await page.evaluate(() => {
    const text = (sel) => (document.querySelector(sel) || {}).textContent || null;
    const rows = (sel) => [...document.querySelectorAll(sel + " tbody tr")].map((r) =>
      [...r.querySelectorAll("td")].map((c) => c.innerText.trim()));
    return {
      title: document.title,
      heading: text("h1"),
      chainId: text("#chain-id"),
      blockHash: text("#block-hash"),
      inputsSha256: text("#inputs-sha256"),
      supply: rows("#supply-table"),
      breaks: rows("#supply-breaks"),
      highlights: rows("#role-highlights"),
      differences: rows("#role-differences"),
      charts: [...document.querySelectorAll("svg.chart")].map((s) => {
        const b = s.getBoundingClientRect();
        return { label: s.getAttribute("aria-label"), width: b.width, height: b.height,
                 shapes: s.querySelectorAll("polyline, rect").length };
      }),
    };
  });
  await page.screenshot({ path: shot, fullPage: true });
  console.log(JSON.stringify({ ...seen, errors, requests }));
} finally {
  await browser.close();
}
