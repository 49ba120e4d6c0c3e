/**
 * Small-cell suppression for count tables with totals.
 *
 * A table is an n-dimensional cube whose every dimension has its categories plus a final "total"
 * position, so margins are cells too. Primary suppression hides counts from 1 to threshold − 1.
 * Complementary suppression then makes sure no hidden count can be worked out by subtraction: along
 * every line of the cube (all positions of one dimension, the others fixed — the categories and their
 * total), a line with exactly one hidden cell gets a second one: a category cell rather than a total,
 * the smallest non-zero count (a zero only if no non-zero count is left). This repeats until no line
 * has a single hidden cell.
 *
 * Zeros are shown: a zero says nothing about any one person, and "nobody from employers' organisations
 * completed" is what a project manager needs to see.
 *
 * Every published table (by sex, by constituent group, their cross-tabulation, self-paced vs cohort)
 * is a slice of one cube per indicator, so the tables agree with each other and cannot be combined to
 * recover a hidden cell.
 */

export type CellStatus = "shown" | "small" | "hidden";

export class CountCube {
  /** Sizes including the total position of each dimension. */
  readonly shape: number[];
  readonly values: number[];
  readonly status: CellStatus[];
  private readonly strides: number[];

  /** `sizes` are the category counts per dimension (without totals). */
  constructor(sizes: number[]) {
    this.shape = sizes.map((s) => s + 1);
    this.strides = [];
    let stride = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      this.strides[d] = stride;
      stride *= this.shape[d]!;
    }
    this.values = new Array<number>(stride).fill(0);
    this.status = new Array<CellStatus>(stride).fill("shown");
  }

  index(pos: number[]): number {
    let i = 0;
    for (let d = 0; d < pos.length; d++) i += pos[d]! * this.strides[d]!;
    return i;
  }

  /** Adds a count at interior position `pos` (no totals) and to every margin it belongs to. */
  add(pos: number[], n: number) {
    const dims = pos.length;
    // Every combination of "category or total" per dimension: 2^dims cells.
    for (let mask = 0; mask < 1 << dims; mask++) {
      let i = 0;
      for (let d = 0; d < dims; d++) i += ((mask >> d) & 1 ? this.shape[d]! - 1 : pos[d]!) * this.strides[d]!;
      this.values[i]! += n;
    }
  }

  get(pos: number[]): { value: number; status: CellStatus } {
    const i = this.index(pos);
    return { value: this.values[i]!, status: this.status[i]! };
  }

  /** Applies primary then complementary suppression; returns how many cells were hidden in all. */
  suppress(threshold: number): number {
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i]!;
      this.status[i] = v > 0 && v < threshold ? "small" : "shown";
    }
    const lines = this.lines();
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        let hidden = 0;
        for (const i of line) if (this.status[i] !== "shown") hidden++;
        if (hidden !== 1) continue;
        let pick = -1;
        for (const i of line) if (this.status[i] === "shown" && (pick < 0 || this.better(i, pick))) pick = i;
        if (pick >= 0) {
          this.status[pick] = "hidden";
          changed = true;
        }
      }
    }
    return this.status.filter((s) => s !== "shown").length;
  }

  /**
   * Which cell to hide as a complement: a category cell before a total (so totals stay visible as long
   * as possible), then a non-zero count before a zero, then the smallest count.
   */
  private better(a: number, b: number): boolean {
    const la = this.level(a);
    const lb = this.level(b);
    if (la !== lb) return la < lb;
    const va = this.values[a]!;
    const vb = this.values[b]!;
    if (va > 0 !== vb > 0) return va > 0;
    return va < vb;
  }

  /** How many of a cell's positions are totals (0 for a category cell). */
  private level(i: number): number {
    let n = 0;
    for (let d = 0; d < this.shape.length; d++) if (Math.floor(i / this.strides[d]!) % this.shape[d]! === this.shape[d]! - 1) n++;
    return n;
  }

  /** Every line of the cube: the cells along one dimension with the other positions fixed. */
  private lines(): number[][] {
    const out: number[][] = [];
    const dims = this.shape.length;
    const total = this.values.length;
    for (let d = 0; d < dims; d++) {
      for (let start = 0; start < total; start++) {
        // `start` begins a line along d when its position in d is 0.
        if (Math.floor(start / this.strides[d]!) % this.shape[d]! !== 0) continue;
        const line: number[] = [];
        for (let k = 0; k < this.shape[d]!; k++) line.push(start + k * this.strides[d]!);
        out.push(line);
      }
    }
    return out;
  }
}
