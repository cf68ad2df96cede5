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

test("a srcset's candidates are read apart, whatever the spacing, with their descriptors", () => {
  assert.deepEqual(srcsetCandidates(" small.png  480w ,large.png 1200w, "), [
    ["small.png", "480w"],
    ["large.png", "1200w"],
  ]);
  assert.deepEqual(srcsetCandidates(""), []);
});

test("a srcset is read as a browser reads it: an address runs to whitespace, commas and all, its descriptors to a comma", () => {
  // A comma inside an address, as in a file name or a data: URL, does not end the candidate.
  assert.deepEqual(srcsetCandidates("/img/a,b-800.jpeg 800w, /img/a,b-1600.jpeg 1600w"), [
    ["/img/a,b-800.jpeg", "800w"],
    ["/img/a,b-1600.jpeg", "1600w"],
  ]);
  assert.deepEqual(srcsetCandidates("data:image/png;base64,iVBORw0KGgo= 1x, big.png 2x"), [
    ["data:image/png;base64,iVBORw0KGgo=", "1x"],
    ["big.png", "2x"],
  ]);
  // Spaces, tabs and newlines between candidates and between an address and its descriptors.
  assert.deepEqual(srcsetCandidates("\n  small.png\t480w,\n\r\f large.png \n 1200w\n"), [
    ["small.png", "480w"],
    ["large.png", "1200w"],
  ]);
  // A trailing comma, and commas ending an address with no descriptor: the commas end the candidate.
  assert.deepEqual(srcsetCandidates("small.png 480w,"), [["small.png", "480w"]]);
  assert.deepEqual(srcsetCandidates("plain.png,, other.png 2x"), [["plain.png"], ["other.png", "2x"]]);
  assert.deepEqual(srcsetCandidates("only.png"), [["only.png"]]);
  assert.deepEqual(srcsetCandidates(" , ,"), []);
  // Descriptors run to a comma outside parentheses, and a descriptor may follow the comma without a space.
  assert.deepEqual(srcsetCandidates("a.png 1x,b.png 2x"), [["a.png", "1x"], ["b.png", "2x"]]);
  assert.deepEqual(srcsetCandidates("a.png 100w 50h (future, thing),b.png"), [["a.png", "100w", "50h", "(future, thing)"], ["b.png"]]);
});

test("a srcset whose address holds a comma is found and written again whole", () => {
  assert.deepEqual(fileAddressesIn(`<img srcset="boats,nets.png 1x, boats,nets@2.png 2x">`), [
    { address: "boats,nets.png", kind: "image" },
    { address: "boats,nets@2.png", kind: "image" },
  ]);
  assert.equal(
    withFileAddresses(`<img srcset="boats,nets.png 1x, plain.png">`, (address) => `/media/${address}`),
    `<img srcset="/media/boats,nets.png 1x, /media/plain.png">`,
  );
});
