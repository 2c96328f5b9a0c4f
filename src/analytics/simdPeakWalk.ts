import {
  BLOCK,
  BR_IF,
  EMPTY,
  END,
  F64X2_ADD,
  F64X2_MUL,
  I32,
  I32_ADD,
  I32_CONST,
  I32_EQZ,
  I32_SUB,
  instantiate,
  LOCAL_GET,
  LOCAL_SET,
  LOCAL_TEE,
  LOOP,
  moduleBytes,
  name,
  section,
  uleb,
  V128,
  V128_LOAD,
  V128_STORE,
  type WasmMemory,
  memarg as wasmMemarg,
} from './wasmModule.js';

/**
 * The profile sweep's walks out of each option's peak (walk() in profile.ts) in WebAssembly SIMD,
 * with the same bits: walk() keeps four sub-chains of terms (t ← t·q, q ← q·c¹⁶) and adds them into
 * four neighbouring grid points a block; here the four terms sit in two f64x2 vectors, so a block
 * is two vector multiplications of terms, two of ratios and two vector additions into the row
 * (four with a second row). Every term is the same product of the same factors as walk()'s, and
 * every grid point takes its terms in the same order, so the sums are equal to the last bit.
 * The rows live in the kernel's memory while a sweep runs: `bind` copies them in, `unbind` back.
 */

/**
 * The scratch at address 0 holds ten f64: the block's lower term pair A, upper pair B, their
 * ratios QA, QB, and c¹⁶ twice. The rows start past it, 16-byte aligned.
 */
const ROWS_AT = 16 * 8;
const PAGE = 65_536;

/** a v128 load or store at byte `offset` past the address on the stack (8-byte aligned) */
const memarg = (op: number[], offset: number) => wasmMemarg(op, 3, offset);

/**
 * walk1(a, stride, blocks) and walk2(a, b, stride, blocks): `blocks` times, adds A into the f64
 * pair at byte a and B into the pair at a + 16 (and the same at b), then A ← A·QA, B ← B·QB,
 * QA ← QA·C, QB ← QB·C and a (b) ← a (b) + stride. A, B, QA, QB, C are read from the scratch,
 * and the last A, B written back to it.
 */
function walkFunction(rows: 1 | 2): number[] {
  const a = 0;
  const b = 1;
  const stride = rows;
  const blocks = rows + 1;
  const [A, B, QA, QB, C] = [rows + 2, rows + 3, rows + 4, rows + 5, rows + 6];
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  const code: number[] = [];
  [A, B, QA, QB, C].forEach((v, k) => {
    code.push(I32_CONST, 0, ...memarg(V128_LOAD, 16 * k), ...set(v));
  });
  code.push(BLOCK, EMPTY, ...get(blocks), I32_EQZ, BR_IF, 0, LOOP, EMPTY);
  const bases = rows === 2 ? [a, b] : [a];
  for (const base of bases) {
    code.push(...get(base), ...get(base), ...memarg(V128_LOAD, 0), ...get(A), ...F64X2_ADD, ...memarg(V128_STORE, 0));
    code.push(...get(base), ...get(base), ...memarg(V128_LOAD, 16), ...get(B), ...F64X2_ADD, ...memarg(V128_STORE, 16));
  }
  code.push(...get(A), ...get(QA), ...F64X2_MUL, ...set(A));
  code.push(...get(B), ...get(QB), ...F64X2_MUL, ...set(B));
  code.push(...get(QA), ...get(C), ...F64X2_MUL, ...set(QA));
  code.push(...get(QB), ...get(C), ...F64X2_MUL, ...set(QB));
  for (const base of bases) code.push(...get(base), ...get(stride), I32_ADD, ...set(base));
  code.push(...get(blocks), I32_CONST, 1, I32_SUB, LOCAL_TEE, blocks, BR_IF, 0, END, END);
  code.push(I32_CONST, 0, ...get(A), ...memarg(V128_STORE, 0));
  code.push(I32_CONST, 0, ...get(B), ...memarg(V128_STORE, 16), END);
  const body = [1, 5, V128, ...code];
  return [...uleb(body.length), ...body];
}

function assemble(): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    section(1, [2, 0x60, 3, I32, I32, I32, 0, 0x60, 4, I32, I32, I32, I32, 0]),
    section(3, [2, 0, 1]),
    section(5, [1, 0x00, 1]),
    section(7, [3, ...name('walk1'), 0x00, 0, ...name('walk2'), 0x00, 1, ...name('memory'), 0x02, 0]),
    section(10, [2, ...walkFunction(1), ...walkFunction(2)]),
  );
}

/** The five accumulators of one sweep target (SweepTargets of profile.ts). */
export interface PeakRows {
  readonly peak: Float64Array;
  readonly firstUp: Float64Array;
  readonly up: Float64Array;
  readonly firstDown: Float64Array;
  readonly down: Float64Array;
}

const ROW_NAMES = ['peak', 'firstUp', 'up', 'firstDown', 'down'] as const;

/** The kernel with its own memory, the rows of one sweep bound into it. */
export class SimdPeakWalk {
  private readonly walk1: (a: number, stride: number, blocks: number) => void;
  private readonly walk2: (a: number, b: number, stride: number, blocks: number) => void;
  private readonly memory: WasmMemory;
  private f64: Float64Array;
  /** bound arrays and their byte addresses */
  private sources: Float64Array[] = [];
  private addresses: number[] = [];
  /** bound targets and their views in the kernel's memory */
  private targetsFrom: PeakRows[] = [];
  private targetsTo: PeakRows[] = [];
  private next = ROWS_AT;

  private constructor(instance: object) {
    const exports = instance as {
      walk1: SimdPeakWalk['walk1'];
      walk2: SimdPeakWalk['walk2'];
      memory: WasmMemory;
    };
    this.walk1 = exports.walk1;
    this.walk2 = exports.walk2;
    this.memory = exports.memory;
    this.f64 = new Float64Array(this.memory.buffer);
  }

  /** The kernel, or undefined where this runtime has no WebAssembly SIMD. */
  static create(): SimdPeakWalk | undefined {
    const instance = instantiate(assemble());
    return instance === undefined ? undefined : new SimdPeakWalk(instance);
  }

  /**
   * The views in the kernel's memory of a target's rows, copied in when first seen (one place for
   * each distinct array, so rows that are one array stay one). Walks go to these views only; they
   * are valid until `unbind`. A sweep's targetsFor returns a few fixed objects, so the look-up
   * is a scan of a few.
   */
  targets(t: PeakRows): PeakRows {
    const k = this.targetsFrom.indexOf(t);
    if (k >= 0) return this.targetsTo[k]!;
    const fresh = ROW_NAMES.map((n) => t[n]).filter((r, i, all) => all.indexOf(r) === i && !this.sources.includes(r));
    const need = this.next + fresh.reduce((s, r) => s + 16 * Math.ceil(r.length / 2), 0);
    if (need > this.memory.buffer.byteLength) {
      // room for several more targets of this size at once: each growth remakes every view
      this.memory.grow(Math.ceil((2 * need - this.memory.buffer.byteLength) / PAGE));
      this.f64 = new Float64Array(this.memory.buffer);
      this.targetsTo = this.targetsFrom.map((from) => this.viewsOf(from));
    }
    for (const r of fresh) {
      this.sources.push(r);
      this.addresses.push(this.next);
      this.f64.set(r, this.next / 8);
      this.next += 16 * Math.ceil(r.length / 2);
    }
    const views = this.viewsOf(t);
    this.targetsFrom.push(t);
    this.targetsTo.push(views);
    return views;
  }

  private viewsOf(t: PeakRows): PeakRows {
    const view = (r: Float64Array) => {
      const at = this.addresses[this.sources.indexOf(r)]! / 8;
      return this.f64.subarray(at, at + r.length);
    };
    return {
      peak: view(t.peak),
      firstUp: view(t.firstUp),
      up: view(t.up),
      firstDown: view(t.firstDown),
      down: view(t.down),
    };
  }

  /** Copies every bound row back into its array and frees the memory for the next sweep. */
  unbind(): void {
    this.sources.forEach((r, k) => {
      const at = this.addresses[k]! / 8;
      r.set(this.f64.subarray(at, at + r.length));
    });
    this.sources = [];
    this.addresses = [];
    this.targetsFrom = [];
    this.targetsTo = [];
    this.next = ROWS_AT;
  }

  /** walk() of profile.ts into the bound view `acc` (and into `acc2` too, when given). */
  walk(
    acc: Float64Array,
    acc2: Float64Array | null,
    p: number,
    dir: 1 | -1,
    count: number,
    tp: number,
    r0: number,
    c: number,
  ): void {
    if (count < 8) {
      let t = tp;
      let r = r0;
      for (let k = 1, j = p + dir; k <= count; k++, j += dir) {
        t *= r;
        r *= c;
        acc[j]! += t;
        if (acc2 !== null) acc2[j]! += t;
      }
      return;
    }
    // the same sub-chains as walk(), term for term
    const r1 = r0 * c;
    const t1 = tp * r0;
    const t2 = t1 * r1;
    const t3 = t2 * r1 * c;
    const t4 = t3 * r1 * c * c;
    const c2 = c * c;
    const c4 = c2 * c2;
    const c16 = c4 * c4 * c4 * c4;
    const r1sq = r1 * r1;
    const q1 = r1sq * r1sq * c4 * c2;
    const q2 = q1 * c4;
    const q3 = q2 * c4;
    const q4 = q3 * c4;
    const blocks = count >> 2;
    const f = this.f64;
    // a block's lower pair of grid points takes (t1, t2) going up and (t4, t3) going down
    if (dir === 1) {
      f[0] = t1;
      f[1] = t2;
      f[2] = t3;
      f[3] = t4;
      f[4] = q1;
      f[5] = q2;
      f[6] = q3;
      f[7] = q4;
    } else {
      f[0] = t4;
      f[1] = t3;
      f[2] = t2;
      f[3] = t1;
      f[4] = q4;
      f[5] = q3;
      f[6] = q2;
      f[7] = q1;
    }
    f[8] = c16;
    f[9] = c16;
    const first = dir === 1 ? p + 1 : p - 4;
    const a = acc.byteOffset + 8 * first;
    const stride = 32 * dir;
    if (acc2 === null) this.walk1(a, stride, blocks);
    else this.walk2(a, acc2.byteOffset + 8 * first, stride, blocks);
    const rest = count & 3;
    if (rest === 0) return;
    const e1 = dir === 1 ? f[0]! : f[3]!;
    const e2 = dir === 1 ? f[1]! : f[2]!;
    const e3 = dir === 1 ? f[2]! : f[1]!;
    const j = p + dir * (1 + 4 * blocks);
    acc[j]! += e1;
    if (acc2 !== null) acc2[j]! += e1;
    if (rest > 1) {
      acc[j + dir]! += e2;
      if (acc2 !== null) acc2[j + dir]! += e2;
    }
    if (rest > 2) {
      acc[j + 2 * dir]! += e3;
      if (acc2 !== null) acc2[j + 2 * dir]! += e3;
    }
  }
}

/** Below this many options a sweep walks in JavaScript: binding the rows would cost more than it saves. */
export const SIMD_SWEEP_FROM = 2_000;

let kernel: SimdPeakWalk | null | undefined;
/** The shared kernel (a sweep binds, walks and unbinds without yielding), or null without WebAssembly SIMD. */
export function simdPeakWalk(): SimdPeakWalk | null {
  if (kernel === undefined) kernel = SimdPeakWalk.create() ?? null;
  return kernel;
}
