// Where each link target already written into the page index is (src/page-index.ts), so that one met
// again points there and each is written once. Found by a hash of the target and confirmed by reading
// its line back from the index, so the targets' text is not held: at 100,000 stories a Map of the
// 356,356 targets was 43 MB of the page writer's heap at a first build's end, these tables about 10.

/** Reads back the target whose line of the index starts at `start` and is `length` bytes long. */
export type ReadTarget = (start: number, length: number) => string;

/** Places of the targets written so far, each with where its line is; a match of hashes is checked by reading the target back. */
export class TargetPlaces {
  readonly #read: ReadTarget;
  /** Open addressing: each slot holds a place + 1 (0 when empty), at its hash or the first free slot after. */
  #slots = new Int32Array(1 << 12);
  /** By place: its target's hash, and where its line starts and how long it is. */
  #hashes = new Int32Array(1 << 10);
  #starts = new Float64Array(1 << 10);
  #lengths = new Int32Array(1 << 10);
  #count = 0;

  constructor(read: ReadTarget) {
    this.#read = read;
  }

  /** The place of `target`, if it was added. */
  find(target: string): number | undefined {
    const hash = hashOf(target);
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; this.#slots[slot] !== 0; slot = (slot + 1) & mask) {
      const place = this.#slots[slot]! - 1;
      if (this.#hashes[place] === hash && this.#read(this.#starts[place]!, this.#lengths[place]!) === target) return place;
    }
    return undefined;
  }

  /** Adds `target` (not added before) as the next place, its line at `start`, `length` bytes long; returns its place. */
  add(target: string, start: number, length: number): number {
    const place = this.#count++;
    if (place === this.#hashes.length) {
      this.#hashes = grown(this.#hashes, new Int32Array(place * 2));
      this.#starts = grown(this.#starts, new Float64Array(place * 2));
      this.#lengths = grown(this.#lengths, new Int32Array(place * 2));
    }
    this.#hashes[place] = hashOf(target);
    this.#starts[place] = start;
    this.#lengths[place] = length;
    // At most three quarters full, so that a search meets an empty slot soon.
    if (this.#count * 4 > this.#slots.length * 3) {
      this.#slots = new Int32Array(this.#slots.length * 2);
      for (let each = 0; each < this.#count; each++) this.#fill(each);
    } else this.#fill(place);
    return place;
  }

  #fill(place: number): void {
    const mask = this.#slots.length - 1;
    let slot = this.#hashes[place]! & mask;
    while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
    this.#slots[slot] = place + 1;
  }
}

function grown<Array extends Int32Array | Float64Array>(from: Array, to: Array): Array {
  to.set(from);
  return to;
}

/** FNV-1a over the string's UTF-16 code units. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < text.length; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
  return hash | 0;
}
