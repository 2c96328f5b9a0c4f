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
  SIMD,
  section,
  uleb,
  V128,
  V128_LOAD,
  V128_STORE,
  type WasmMemory,
  memarg as wasmMemarg,
} from './wasmModule.js';

/**
 * The surface's whole-grid walks (t_{j+1} = t_j·r_j, r_{j+1} = r_j·c from grid point 0) eight
 * options at a time in WebAssembly SIMD: each f64x2 multiplication steps two options, so a point
 * costs half the multiplications of the scalar loop, and eight independent chains keep the
 * multipliers busy. The walk's start is given as exponents (t₀ = w·e^{a}, r₀ = e^{b}, c = e^{γ})
 * and the kernel takes the exps itself, two at a time (exp2x2 below, within 2 ulp of Math.exp).
 * The module is assembled below from its instructions (no build step, no file). Only the order
 * of the additions differs from the scalar walk (two partial sums per point, added at the end).
 */

// the opcodes only the surface's kernel uses (the others are in wasmModule.ts)
const F64_CONST = 0x44;
const F64X2_SPLAT = [SIMD, 0x14];
const F64X2_NEAREST = [SIMD, 0x94, 0x01];
const I64X2_SHL = [SIMD, 0xcb, 0x01];
const F64X2_SUB = [SIMD, 0xf1, 0x01];

/**
 * f64 slots of one group of eight options: the exponents a of their first terms, b of their
 * first ratios, γ of their ratio steps, then their weights w
 */
export const GROUP_SLOTS = 32;
const GROUP_BYTES = GROUP_SLOTS * 8;

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function f64(x: number): number[] {
  return Array.from(new Uint8Array(Float64Array.of(x).buffer));
}

const splat = (x: number) => [F64_CONST, ...f64(x), ...F64X2_SPLAT];
// exp by Cody–Waite: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 in two parts, k·LN2_HI exact),
// e^r by its Taylor series to r¹³ (truncation below 1e-17), 2^k written into the exponent bits
const INV_LN2 = Math.LOG2E;
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
/** 2^52 + 1023: k + MAGIC holds k + 1023 in its low mantissa bits, shifted by 52 into 2^k */
const MAGIC = 4503599627371519;
const TAYLOR = Array.from({ length: 14 }, (_, n) => {
  let f = 1;
  for (let m = 2; m <= n; m++) f *= m;
  return 1 / f;
}).reverse();

/**
 * Replaces the f64x2 on the stack by its exp, lane by lane, with scratch locals x and k; good for
 * |x| < 700 (2^k normal), as the walks' exponents are (|x| below ~65).
 */
function exp2x2(x: number, k: number): number[] {
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  const code = [...set(x), ...get(x), ...splat(INV_LN2), ...F64X2_MUL, ...F64X2_NEAREST, ...set(k)];
  code.push(...get(x), ...get(k), ...splat(LN2_HI), ...F64X2_MUL, ...F64X2_SUB);
  code.push(...get(k), ...splat(LN2_LO), ...F64X2_MUL, ...F64X2_SUB, ...set(x));
  code.push(...splat(TAYLOR[0]!));
  for (const coefficient of TAYLOR.slice(1)) code.push(...get(x), ...F64X2_MUL, ...splat(coefficient), ...F64X2_ADD);
  code.push(...get(k), ...splat(MAGIC), ...F64X2_ADD, I32_CONST, ...sleb(52), ...I64X2_SHL, ...F64X2_MUL);
  return code;
}

/** a v128 load or store at byte `offset` past the address on the stack (16-byte aligned) */
const memarg = (op: number[], offset: number) => wasmMemarg(op, 4, offset);

/**
 * start(groups, count): for each of `count` groups of eight options at byte `groups` (GROUP_SLOTS
 * f64 each: a₁…a₈, b₁…b₈, γ₁…γ₈, w₁…w₈), turns the exponents into the walk's start in place:
 * t = w·e^a, r = e^b, c = e^γ. (A function of its own: beside the walk's loop, the exp's
 * constants and scratch would crowd the walk's twelve vectors out of the registers.)
 */
function startFunction(): number[] {
  const [groups, count, x, k] = [0, 1, 2, 3];
  const get = (i: number) => [LOCAL_GET, i];
  const code: number[] = [BLOCK, EMPTY, ...get(count), I32_EQZ, BR_IF, 0, LOOP, EMPTY];
  for (let v = 0; v < 12; v++) {
    code.push(...get(groups), ...get(groups), ...memarg(V128_LOAD, 16 * v), ...exp2x2(x, k));
    if (v < 4) code.push(...get(groups), ...memarg(V128_LOAD, 16 * (12 + v)), ...F64X2_MUL);
    code.push(...memarg(V128_STORE, 16 * v));
  }
  code.push(...get(groups), I32_CONST, ...sleb(GROUP_BYTES), I32_ADD, LOCAL_SET, groups);
  code.push(...get(count), I32_CONST, ...sleb(1), I32_SUB, LOCAL_TEE, count, BR_IF, 0, END, END, END);
  const body = [1, 2, V128, ...code];
  return [...uleb(body.length), ...body];
}

/**
 * walk(acc, points, groups, count): for each of `count` groups at byte `groups`, started (t₁…t₈,
 * r₁…r₈, c₁…c₈ in the first 24 slots), adds t over `points` points into the f64 pairs at byte
 * `acc` (point j: two partial sums at acc + 16j), stepping t ← t·r, r ← r·c.
 */
function walkFunction(): number[] {
  const [acc, points, groups, count, p, j] = [0, 1, 2, 3, 4, 5];
  const t = (m: number) => 6 + m; // four v128 locals per quantity, two options each
  const r = (m: number) => 10 + m;
  const c = (m: number) => 14 + m;
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  const code: number[] = [];
  code.push(BLOCK, EMPTY, ...get(count), I32_EQZ, BR_IF, 0);
  code.push(LOOP, EMPTY);
  for (let v = 0; v < 12; v++) code.push(...get(groups), ...memarg(V128_LOAD, 16 * v), ...set(6 + v));
  code.push(...get(acc), ...set(p), ...get(points), ...set(j));
  code.push(LOOP, EMPTY);
  code.push(...get(p), ...get(p), ...memarg(V128_LOAD, 0));
  code.push(...get(t(0)), ...get(t(1)), ...F64X2_ADD, ...get(t(2)), ...get(t(3)), ...F64X2_ADD, ...F64X2_ADD);
  code.push(...F64X2_ADD, ...memarg(V128_STORE, 0));
  for (let m = 0; m < 4; m++) code.push(...get(t(m)), ...get(r(m)), ...F64X2_MUL, ...set(t(m)));
  for (let m = 0; m < 4; m++) code.push(...get(r(m)), ...get(c(m)), ...F64X2_MUL, ...set(r(m)));
  code.push(...get(p), I32_CONST, ...sleb(16), I32_ADD, ...set(p));
  code.push(...get(j), I32_CONST, ...sleb(1), I32_SUB, LOCAL_TEE, j, BR_IF, 0, END);
  code.push(...get(groups), I32_CONST, ...sleb(GROUP_BYTES), I32_ADD, ...set(groups));
  code.push(...get(count), I32_CONST, ...sleb(1), I32_SUB, LOCAL_TEE, count, BR_IF, 0, END);
  code.push(END, END);
  const locals = [2, 2, I32, 12, V128];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

function assemble(): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    section(1, [2, 0x60, 4, I32, I32, I32, I32, 0, 0x60, 2, I32, I32, 0]),
    section(3, [2, 0, 1]),
    section(5, [1, 0x00, 1]),
    section(7, [3, ...name('walk'), 0x00, 0, ...name('start'), 0x00, 1, ...name('memory'), 0x02, 0]),
    section(10, [2, ...walkFunction(), ...startFunction()]),
  );
}

/**
 * The part of the WebAssembly API the kernel uses, typed here: the analytics run without DOM or
 * Node types (the `gexmap/analytics` entry), and either runtime may lack WebAssembly.
 */
/** The kernel with its own memory: the rows and groups are copied in, the row added back. */
export class SimdWalk {
  private readonly walkFn: (acc: number, points: number, groups: number, count: number) => void;
  private readonly startFn: (groups: number, count: number) => void;
  private readonly memory: WasmMemory;
  private view: Float64Array;

  private constructor(instance: object) {
    const exports = instance as {
      walk: SimdWalk['walkFn'];
      start: SimdWalk['startFn'];
      memory: WasmMemory;
    };
    this.walkFn = exports.walk;
    this.startFn = exports.start;
    this.memory = exports.memory;
    this.view = new Float64Array(this.memory.buffer);
  }

  /** The kernel, or undefined where this runtime has no WebAssembly SIMD. */
  static create(): SimdWalk | undefined {
    const instance = instantiate(assemble());
    return instance === undefined ? undefined : new SimdWalk(instance);
  }

  /**
   * The f64 slots to fill before `run`, room for `points` grid points and `options` options:
   * group g's option lane k (0–7) takes slot groupsAt + GROUP_SLOTS·g + k for a, + 8 for b,
   * + 16 for γ and + 24 for w.
   */
  slots(points: number, options: number): { view: Float64Array; groupsAt: number } {
    const groupsAt = 2 * points;
    const need = (groupsAt + GROUP_SLOTS * Math.ceil(options / 8)) * 8;
    if (need > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / 65_536));
      this.view = new Float64Array(this.memory.buffer);
    }
    return { view: this.view, groupsAt };
  }

  /** Adds the walks of the first `options` options filled in by `slots` into `acc`. */
  run(acc: Float64Array, options: number): void {
    if (options === 0) return;
    const points = acc.length;
    const { view, groupsAt } = this.slots(points, options);
    // the last group's empty lanes walk zeros: weight 0, exponents 0
    const end = groupsAt + GROUP_SLOTS * Math.floor(options / 8);
    const lane = options % 8;
    if (lane !== 0) for (let s = 0; s < 4; s++) view.fill(0, end + 8 * s + lane, end + 8 * s + 8);
    view.fill(0, 0, groupsAt);
    this.startFn(groupsAt * 8, Math.ceil(options / 8));
    this.walkFn(0, points, groupsAt * 8, Math.ceil(options / 8));
    for (let j = 0; j < points; j++) acc[j]! += view[2 * j]! + view[2 * j + 1]!;
  }
}
