/**
 * The ts of the messages one channel received during this import, to tell a
 * message seen twice in the export (two day files with one ts) from one edited
 * since an earlier import. An open-addressing set of numbers: 16 bytes a
 * message at most, where a Set of strings took about 60, and it is emptied at
 * every new channel, so it holds the largest channel at worst.
 */
export class TsSeen {
  #slots = new Float64Array(1024).fill(NaN);
  #count = 0;
  #channel: string | undefined;

  /** Starts over when the import moves to another channel (day files come channel by channel). */
  forChannel(channelId: string): this {
    if (channelId !== this.#channel) {
      this.#channel = channelId;
      if (this.#count > 0) this.#slots = new Float64Array(1024).fill(NaN);
      this.#count = 0;
    }
    return this;
  }

  /** Adds a ts; true when it was there already. */
  add(ts: string): boolean {
    const key = Number(ts);
    if ((this.#count + 1) * 2 > this.#slots.length) this.#grow();
    const found = this.#slotOf(this.#slots, key);
    if (this.#slots[found] === key) return true;
    this.#slots[found] = key;
    this.#count += 1;
    return false;
  }

  #slotOf(slots: Float64Array, key: number): number {
    const mask = slots.length - 1;
    // Microseconds mixed into the slot: keys are close together, their low digits differ.
    let slot = Math.imul(Math.round((key % 1e6) * 1e6) ^ Math.floor(key / 1e6), 0x9e3779b1) & mask;
    while (!Number.isNaN(slots[slot]!) && slots[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Float64Array(old.length * 2).fill(NaN);
    for (const key of old) if (!Number.isNaN(key)) this.#slots[this.#slotOf(this.#slots, key)] = key;
  }
}
