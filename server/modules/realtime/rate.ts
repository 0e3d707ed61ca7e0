/**
 * A fixed-window counter per connection (pure): at most `limit` frames per `windowMs`. A client of
 * ours sends a ping every half minute; anything near the limit is a flood.
 */
export class FrameWindow {
  #start = 0;
  #count = 0;
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}
  /** Counts a frame arriving at `nowMs`; false when it is one too many for the current window. */
  take(nowMs: number): boolean {
    if (nowMs - this.#start >= this.windowMs) {
      this.#start = nowMs;
      this.#count = 0;
    }
    this.#count += 1;
    return this.#count <= this.limit;
  }
}
