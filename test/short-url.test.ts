import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveShortCode, isShortCode, settleDerivedShortCodes, shortCodeFrom, SHORT_CODE_ALPHABET } from "../src/short-url.ts";

test("the alphabet has no look-alike characters", () => {
  for (const char of "01oli") assert.ok(!SHORT_CODE_ALPHABET.includes(char), char);
});

test("a derived code is stable, six characters from the alphabet, and differs by slug and date", () => {
  const code = deriveShortCode("2025-12-05T18:00:00+05:00", "pakistan-rejects-amnesty-spyware-claims");
  assert.equal(code, deriveShortCode("2025-12-05T18:00:00+05:00", "pakistan-rejects-amnesty-spyware-claims"));
  assert.ok(isShortCode(code), code);
  assert.equal(code.length, 6);
  assert.notEqual(code, deriveShortCode("2025-12-05T18:00:00+05:00", "another-story"));
  assert.notEqual(code, deriveShortCode("2025-12-06T18:00:00+05:00", "pakistan-rejects-amnesty-spyware-claims"));
});

test("shortUrl may be a code or a URL ending in one", () => {
  assert.equal(shortCodeFrom("4wq7m"), "4wq7m");
  assert.equal(shortCodeFrom("https://arab.news/4wq7m"), "4wq7m");
  assert.equal(shortCodeFrom("https://news.example.com/s/4wq7m/"), "4wq7m");
  assert.equal(shortCodeFrom("4wq"), undefined);
  assert.equal(shortCodeFrom("4wq-7"), undefined);
  assert.equal(shortCodeFrom("abcdefghijklm"), undefined);
  assert.equal(shortCodeFrom("https://arab.news/"), undefined);
});

test("codes a newsroom already published are kept, look-alikes and all", () => {
  assert.equal(shortCodeFrom("01lo9"), "01lo9");
  assert.equal(shortCodeFrom("https://arab.news/Ab3dE"), "Ab3dE");
});

test("when derived codes collide, the later story takes a longer code and the earlier keeps its own", () => {
  const story = (sourcePath: string, slug: string, iso: string, epochMs: number, code?: string) => {
    const shortCode = code ?? deriveShortCode(iso, slug);
    return { sourcePath, slug, published: { iso, epochMs }, shortCode, shortUrl: `https://n.example/s/${shortCode}` };
  };
  const earlier = story("a.md", "a", "2024-01-01T00:00:00Z", 1);
  const later = story("b.md", "b", "2024-01-02T00:00:00Z", 2);
  // A collision forced by giving the later story the earlier one's date and slug, so its derived code is the same.
  const collide = [later, earlier].map((article) => ({ ...article }));
  collide[0]!.shortCode = earlier.shortCode;
  collide[0]!.slug = earlier.slug;
  collide[0]!.published = { iso: earlier.published.iso, epochMs: 2 };
  settleDerivedShortCodes(collide, "https://n.example/s");
  assert.equal(collide[1]!.shortCode, earlier.shortCode, "the earlier story keeps its code");
  assert.equal(collide[0]!.shortCode.length, 7);
  assert.equal(collide[0]!.shortUrl, `https://n.example/s/${collide[0]!.shortCode}`);

  const pinned = story("p.md", "p", "2025-01-01T00:00:00Z", 3, earlier.shortCode);
  const derivedLater = { ...earlier, sourcePath: "c.md", published: { ...earlier.published, epochMs: 0 } };
  const both = [derivedLater, pinned];
  settleDerivedShortCodes(both, "https://n.example/s");
  assert.equal(pinned.shortCode, earlier.shortCode, "a pinned code is never changed");
  assert.equal(derivedLater.shortCode.length, 7);
});
