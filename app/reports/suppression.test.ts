import { describe, expect, it } from "vitest";
import { CountCube } from "./suppression";

/** A 2-D table rows × cols from a matrix of interior counts. */
function table(m: number[][]) {
  const cube = new CountCube([m.length, m[0]!.length]);
  m.forEach((row, r) => row.forEach((v, c) => cube.add([r, c], v)));
  return cube;
}
const statusGrid = (cube: CountCube, rows: number, cols: number) =>
  Array.from({ length: rows + 1 }, (_, r) => Array.from({ length: cols + 1 }, (_, c) => cube.get([r, c]).status[0]).join("")).join("/");

describe("CountCube", () => {
  it("keeps margins as sums of the interior", () => {
    const cube = table([
      [1, 2],
      [3, 4],
    ]);
    expect(cube.get([2, 0]).value).toBe(4);
    expect(cube.get([0, 2]).value).toBe(3);
    expect(cube.get([2, 2]).value).toBe(10);
  });

  it("shows every cell when no count is small, and zeros are not suppressed", () => {
    const cube = table([
      [10, 0],
      [7, 12],
    ]);
    expect(cube.suppress(5)).toBe(0);
  });

  it("hides a small count and a complementary cell in its row and column", () => {
    // rows: 3 7 | 10 ; 8 9 | 17 ; totals 11 16 | 27
    const cube = table([
      [3, 7],
      [8, 9],
    ]);
    cube.suppress(5);
    expect(cube.get([0, 0]).status).toBe("small");
    // Row 0 needs a second hidden cell: 7 (smallest non-zero); column 0 needs one: 8.
    expect(cube.get([0, 1]).status).toBe("hidden");
    expect(cube.get([1, 0]).status).toBe("hidden");
    // Then row 1 and column 1 each have one hidden cell: 9 is hidden too.
    expect(cube.get([1, 1]).status).toBe("hidden");
    // Totals stay visible: 4 hidden cells with known margins leave a range, not a value.
    expect(cube.get([2, 2]).status).toBe("shown");
    expect(statusGrid(cube, 2, 2)).toBe("shs/hhs/sss");
  });

  it("never leaves a line with exactly one hidden cell", () => {
    // A deterministic pseudo-random sweep over 3-D cubes with many small cells.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const sizes = [2, 4, 8];
      const cube = new CountCube(sizes);
      for (let a = 0; a < 2; a++) for (let b = 0; b < 4; b++) for (let c = 0; c < 8; c++) cube.add([a, b, c], rand() < 0.3 ? 0 : Math.floor(rand() * 12));
      cube.suppress(5);
      const shape = sizes.map((s) => s + 1);
      for (let d = 0; d < 3; d++) {
        const others = [0, 1, 2].filter((x) => x !== d);
        for (let i = 0; i < shape[others[0]!]!; i++)
          for (let j = 0; j < shape[others[1]!]!; j++) {
            let hidden = 0;
            for (let k = 0; k < shape[d]!; k++) {
              const pos = [0, 0, 0];
              pos[d] = k;
              pos[others[0]!] = i;
              pos[others[1]!] = j;
              const cell = cube.get(pos);
              if (cell.status !== "shown") hidden++;
              if (cell.value > 0 && cell.value < 5) expect(cell.status).toBe("small");
            }
            expect(hidden).not.toBe(1);
          }
      }
    }
  });

  it("hides a total that is itself small, with its only contributing cell", () => {
    const cube = table([
      [3, 0],
      [20, 30],
    ]);
    cube.suppress(5);
    expect(cube.get([0, 2]).status).toBe("small"); // row total 3
    expect(cube.get([0, 0]).status).toBe("small");
    expect(cube.get([0, 1]).status).toBe("shown"); // the zero: row already has two hidden cells
    // Column 0 (3, 20 | 23): one hidden → 20 hidden as well.
    expect(cube.get([1, 0]).status).toBe("hidden");
  });
});
