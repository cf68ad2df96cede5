import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveShortCode, isShortCode, readShortUrl, settleDerivedShortCodes, shortCodeFrom, SHORT_CODE_ALPHABET } from "../src/short-url.ts";

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

test("shortUrl may be a code or a URL on the short domain ending in one", () => {
  const base = "https://arab.news";
  assert.equal(shortCodeFrom("4wq7m", base), "4wq7m");
  assert.equal(shortCodeFrom("https://arab.news/4wq7m", base), "4wq7m");
  assert.equal(shortCodeFrom("http://arab.news/4wq7m/", base), "4wq7m");
  assert.equal(shortCodeFrom("https://news.example.com/s/4wq7m/", "https://news.example.com/s"), "4wq7m");
  assert.equal(shortCodeFrom("4wq", base), undefined);
  assert.equal(shortCodeFrom("4wq-7", base), undefined);
  assert.equal(shortCodeFrom("abcdefghijklm", base), undefined);
  assert.equal(shortCodeFrom("https://arab.news/", base), undefined);
});

test("a URL on another host, or with more than the short domain's path and one code, names no code", () => {
  const expected = "expected a short code of 4 to 12 letters and digits, or a URL on the short domain: https://news.example.com/s/ followed by one";
  const read = (value: string) => readShortUrl(value, "https://news.example.com/s");
  assert.deepEqual(read("https://bit.ly/4wq7m"), { problem: `${expected}; bit.ly is not the short domain` });
  assert.deepEqual(read("https://news.example.com.evil.example/s/4wq7m"), { problem: `${expected}; news.example.com.evil.example is not the short domain` });
  assert.deepEqual(read("ftp://news.example.com/s/4wq7m"), { problem: `${expected}; news.example.com is not the short domain` });
  for (const value of ["https://news.example.com/4wq7m", "https://news.example.com/s/world/4wq7m", "https://news.example.com/world/harbour/", "https://news.example.com/s/4wq7m?utm=x", "https://news.example.com/s/4wq7m#top"]) {
    assert.deepEqual(read(value), { problem: `${expected}, and nothing after it` }, value);
  }
  assert.deepEqual(read("harbour reopens"), { problem: expected });
  assert.deepEqual(read("https://NEWS.example.com/s/4wq7m"), { code: "4wq7m" });
});

test("codes a newsroom already published are kept, look-alikes and all", () => {
  assert.equal(shortCodeFrom("01lo9", "https://arab.news"), "01lo9");
  assert.equal(shortCodeFrom("https://arab.news/Ab3dE", "https://arab.news"), "Ab3dE");
});

test("when derived codes collide, the later story takes a longer code and the earlier keeps its own", () => {
  type Story = { sourcePath: string; slug: string; published: { wallClock: string; epochMs: number }; shortCode: string; shortCodePinned: boolean; shortUrl: string };
  const story = (sourcePath: string, slug: string, iso: string, epochMs: number, code?: string): Story => {
    const shortCode = code ?? deriveShortCode(iso, slug);
    return { sourcePath, slug, published: { wallClock: iso, epochMs }, shortCode, shortCodePinned: code !== undefined, shortUrl: `https://n.example/s/${shortCode}` };
  };
  const copy = (article: Story, changes: Pick<Story, "shortCode" | "shortUrl">): Story => ({ ...article, ...changes });
  const earlier = story("a.md", "a", "2024-01-01T00:00:00Z", 1);
  // A collision forced by giving the later story the earlier one's date and slug, so its derived code is the same.
  const later = { ...earlier, sourcePath: "b.md", published: { ...earlier.published, epochMs: 2 } };
  const settled = settleDerivedShortCodes([later, earlier], "https://n.example/s", copy);
  assert.equal(settled[1], earlier, "the earlier story keeps its code, and is the same object");
  assert.equal(settled[0]!.shortCode.length, 7);
  assert.equal(settled[0]!.shortUrl, `https://n.example/s/${settled[0]!.shortCode}`);
  assert.notEqual(settled[0], later, "the later story's code is changed on a copy");
  assert.equal(later.shortCode, earlier.shortCode, "not on the story as it was read, which a read cache hands out again");

  assert.equal(settleDerivedShortCodes([later, earlier], "https://n.example/s", copy)[0], settled[0], "the same copy while the code stays lengthened");
  assert.equal(settleDerivedShortCodes([later], "https://n.example/s", copy)[0], later, "the story as read once the collision has gone");

  const pinned = story("p.md", "p", "2025-01-01T00:00:00Z", 3, earlier.shortCode);
  const derivedLater = { ...earlier, sourcePath: "c.md", published: { ...earlier.published, epochMs: 0 } };
  const both = settleDerivedShortCodes([derivedLater, pinned], "https://n.example/s", copy);
  assert.equal(both[1], pinned, "a pinned code is never changed");
  assert.equal(both[0]!.shortCode.length, 7);

  // Pinned in capitals, the code is the same page where case is ignored: the derived one gives way.
  const shouted = story("q.md", "q", "2025-01-01T00:00:00Z", 3, earlier.shortCode.toUpperCase());
  const beside = settleDerivedShortCodes([earlier, shouted], "https://n.example/s", copy);
  assert.equal(beside[1], shouted);
  assert.equal(beside[0]!.shortCode.length, 7, "the derived code is lengthened, not left to clash");

  // Pinned as the very code it derives, a code is still pinned: the earlier story's derived one gives way.
  const pinsItsOwn = { ...later, shortCodePinned: true };
  const ownPin = settleDerivedShortCodes([pinsItsOwn, earlier], "https://n.example/s", copy);
  assert.equal(ownPin[0], pinsItsOwn, "the pin is kept, though the earlier story derives the same code");
  assert.equal(ownPin[1]!.shortCode.length, 7);
  // Two such pins are two pinned codes: neither is changed, and the build reports the clash.
  const bothPinned = settleDerivedShortCodes([pinsItsOwn, { ...earlier, shortCodePinned: true }], "https://n.example/s", copy);
  assert.deepEqual(bothPinned.map((story) => story.shortCode), [earlier.shortCode, earlier.shortCode]);
});

test("codes are settled as taking them one story at a time, oldest first, would settle them", () => {
  type Story = { sourcePath: string; slug: string; published: { wallClock: string; epochMs: number }; shortCode: string; shortCodePinned: boolean; shortUrl: string };
  const copy = (article: Story, changes: Pick<Story, "shortCode" | "shortUrl">): Story => ({ ...article, ...changes });
  // The rule as first written: every pinned code is taken; each derived one, oldest first, is lengthened when taken, and then taken.
  const oneAtATime = (stories: readonly Story[]): string[] => {
    const isDerived = (story: Story) => !story.shortCodePinned;
    const taken = new Set(stories.filter((story) => !isDerived(story)).map((story) => story.shortCode));
    const codes = new Map<Story, string>();
    for (const story of stories.filter(isDerived).sort((a, b) => a.published.epochMs - b.published.epochMs || (a.sourcePath < b.sourcePath ? -1 : 1))) {
      const code = taken.has(story.shortCode) ? deriveShortCode(story.published.wallClock, story.slug, 7) : story.shortCode;
      codes.set(story, code);
      taken.add(code);
    }
    return stories.map((story) => codes.get(story) ?? story.shortCode);
  };
  let seed = 20261203;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
  for (let round = 0; round < 300; round++) {
    // Few slugs and dates, so derived codes collide often; some stories pin another story's code, or
    // the one they derive (which is pinned all the same).
    const stories: Story[] = Array.from({ length: 1 + next(12) }, (_, index) => {
      const slug = `s${next(3)}`;
      const iso = `2024-01-0${1 + next(2)}T00:00:00Z`;
      return { sourcePath: `${index}.md`, slug, published: { wallClock: iso, epochMs: next(3) }, shortCode: deriveShortCode(iso, slug), shortCodePinned: false, shortUrl: "" };
    });
    for (const story of stories) {
      const pin = next(6);
      if (pin === 0) story.shortCode = stories[next(stories.length)]!.shortCode;
      story.shortCodePinned = pin <= 1;
    }
    const settled = settleDerivedShortCodes(stories, "https://n.example/s", copy);
    assert.deepEqual(settled.map((story) => story.shortCode), oneAtATime(stories), `round ${round}`);
  }
});
