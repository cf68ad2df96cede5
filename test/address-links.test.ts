import { test } from "node:test";
import assert from "node:assert/strict";
import { markAddressLinks, showsOwnAddress } from "../src/address-links.ts";

test("a link's text is its own address however a reader would write it: scheme and host in any case, http or https, with or without a scheme or an ending slash", () => {
  for (const [text, href] of [
    ["https://x.example/", "https://x.example/"],
    ["HTTPS://X.Example", "https://x.example/"],
    ["http://x.example/news", "https://x.example/news/"],
    ["x.example/news", "https://x.example/news"],
    ["www.x.example", "http://www.x.example/"],
    [" https://x.example/?a=1&b=2 ", "https://x.example/?a=1&b=2"],
    ["Desk@X.example", "mailto:desk@x.example"],
    ["+92511234", "tel:+92511234"],
    ["https://例え.jp/ニュース", "https://xn--r8jz45g.jp/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9"],
  ]) {
    assert.equal(showsOwnAddress(text!, href!), true, `${text} → ${href}`);
  }
});

test("a link's text that is not its address, or another address, is not taken for it", () => {
  for (const [text, href] of [
    ["the report", "https://x.example/report"],
    ["https://x.example/A", "https://x.example/a"],
    ["https://y.example/", "https://x.example/"],
    ["x.example", "https://x.example/news"],
    ["https://x.example/", "/news/"],
    ["", "https://x.example/"],
    ["desk@x.example", "https://x.example/"],
  ]) {
    assert.equal(showsOwnAddress(text!, href!), false, `${text} → ${href}`);
  }
});

test("marking raw HTML's address links changes nothing else, byte for byte, and keeps a link's own classes", () => {
  const html = '<p>See <a href="https://x.example/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">https://x.example/?a=1&amp;b=2</a>, <a href="https://x.example/r">the report</a> and <a class="big" href="https://x.example/">x.example</a>.</p>\n<div><a href="https://y.example/" class="autolink">https://y.example/</a><a href="https://z.example/"/>z.example</a></div>';
  assert.equal(
    markAddressLinks(html),
    '<p>See <a href="https://x.example/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank" class="autolink">https://x.example/?a=1&amp;b=2</a>, <a href="https://x.example/r">the report</a> and <a class="big autolink" href="https://x.example/">x.example</a>.</p>\n<div><a href="https://y.example/" class="autolink">https://y.example/</a><a href="https://z.example/" class="autolink"/>z.example</a></div>',
  );
});
