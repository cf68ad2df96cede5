import { test } from "node:test";
import assert from "node:assert/strict";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { packDocuments, transferables, unpackDocuments, type PackedDocuments } from "../src/packed-documents.ts";

const documents = [
  { url: "/world/harbour/", html: "<p>Ferries run again.</p>" },
  { url: "/lifestyle/kitab/", html: "<p>کتاب میلہ: بچوں کے لیے مفت داخلہ</p>" },
  { url: "/empty/", html: "" },
  { url: "/sport/rowing/", html: "<p>Crews race at dawn 🚣, “quietly”.</p>" },
];

test("packed documents come back as they were, a few at a time, in any script", () => {
  const packed = packDocuments(documents);
  assert.deepEqual(unpackDocuments(packed, 0, documents.length), documents);
  assert.deepEqual([...unpackDocuments(packed, 0, 2), ...unpackDocuments(packed, 2, 200)], documents, "batches end at the last document");
  assert.equal(packed.html.byteLength, documents.reduce((sum, document) => sum + Buffer.byteLength(document.html), 0), "UTF-8, once each");
  assert.deepEqual(unpackDocuments(packDocuments([]), 0, 10), []);
});

test("they are handed to another thread, not copied: the sender keeps no bytes", () => {
  const packed = packDocuments(documents);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(packed, transferables(packed));
  assert.equal(packed.html.byteLength, 0, "the sender's buffer was handed over");
  const received = receiveMessageOnPort(port2)?.message as PackedDocuments;
  assert.deepEqual(unpackDocuments(received, 0, documents.length), documents);
  port1.close();
});
