import { test } from "node:test";
import assert from "node:assert/strict";
import { fileAddressesIn, srcsetCandidates, withFileAddresses } from "../src/media-tags.ts";

test("each attribute that names a file gives its address and the kind of file it must be", () => {
  assert.deepEqual(fileAddressesIn(`<video src="clip.mp4" poster="still.jpg" controls>`), [
    { address: "clip.mp4", kind: "media" },
    { address: "still.jpg", kind: "image" },
  ]);
  // A <source>'s srcset is a <picture>'s, its src a <video>'s.
  assert.deepEqual(fileAddressesIn(`<source srcset="wide.avif">`), [{ address: "wide.avif", kind: "image" }]);
  assert.deepEqual(fileAddressesIn(`<source src="song.ogg" type="audio/ogg">`), [{ address: "song.ogg", kind: "media" }]);
  assert.deepEqual(fileAddressesIn(`<track src="captions.vtt" kind="captions">`), [{ address: "captions.vtt", kind: "track" }]);
});

test("addresses are read as a browser reads them: any case, references decoded, each srcset candidate apart", () => {
  assert.deepEqual(fileAddressesIn(`<IMG SRC=" boats&amp;nets.png " SrcSet="small.png 1x,  large.png 2x">`), [
    { address: "boats&nets.png", kind: "image" },
    { address: "small.png", kind: "image" },
    { address: "large.png", kind: "image" },
  ]);
});

test("no file is found in a tag or attribute that names none, even one called as an object's own property", () => {
  assert.deepEqual(fileAddressesIn(`<a href="story.pdf">`), []);
  assert.deepEqual(fileAddressesIn(`<audio constructor="x" __proto__="y" controls>`), []);
  assert.deepEqual(fileAddressesIn(`<img alt="a.png" data-src="lazy.png" src="shown.png">`), [{ address: "shown.png", kind: "image" }]);
});

test("a tag written again changes its file addresses only, and quotes what it writes", () => {
  const moved = (address: string) => `/media/${address}`;
  assert.equal(
    withFileAddresses(`<IMG Alt='The "Lady Anne" & crew' src=boats.png srcset="small.png 480w, large.png 1200w" loading=lazy>`, moved),
    `<img alt="The &quot;Lady Anne&quot; &amp; crew" src="/media/boats.png" srcset="/media/small.png 480w, /media/large.png 1200w" loading="lazy">`,
  );
  // The change is given the address decoded, and what it returns is escaped again.
  assert.equal(withFileAddresses(`<img src="a&amp;b.png">`, (address) => `${address}?v="1"`), `<img src="a&amp;b.png?v=&quot;1&quot;">`);
});

test("a srcset's candidates are split at commas, whatever the spacing, with their descriptors", () => {
  assert.deepEqual(srcsetCandidates(" small.png  480w ,large.png 1200w, "), [
    ["small.png", "480w"],
    ["large.png", "1200w"],
  ]);
  assert.deepEqual(srcsetCandidates(""), []);
});
