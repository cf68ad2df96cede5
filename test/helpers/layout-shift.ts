// What Chrome counts, for Core Web Vitals, as the page moving under the reader's eyes.
import type { Page } from "playwright-core";

/**
 * Total layout shift on the page once it has loaded and drawn what its fonts and scripts made of it, as
 * Chrome measures it for Core Web Vitals.
 */
export function layoutShift(page: Page): Promise<number> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(async () => {
    const shifts: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => shifts.push(...list.getEntries()));
    observer.observe({ type: "layout-shift", buffered: true });
    if (document.readyState !== "complete") await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
    await document.fonts.ready;
    // Chrome records a shift as it draws the frame that shows it: two frames on, the last change's is recorded.
    for (let frame = 0; frame < 2; frame++) await new Promise(requestAnimationFrame);
    shifts.push(...observer.takeRecords());
    observer.disconnect();
    return shifts.reduce((total, entry) => total + (entry as PerformanceEntry & { value: number }).value, 0);
  });
}
