/**
 * What the SIMD kernels (simdWalk.ts, simdPeakWalk.ts) share to assemble and start a WebAssembly
 * module from its instructions, with no build step and no file: the opcodes both use (core spec
 * and the fixed-width SIMD proposal, 0xfd-prefixed), the binary format's encodings, and the part
 * of the WebAssembly API they use, typed here: the analytics run without DOM or Node types (the
 * `gexmap/analytics` entry), and either runtime may lack WebAssembly.
 */

export const I32 = 0x7f;
export const V128 = 0x7b;
export const BLOCK = 0x02;
export const LOOP = 0x03;
export const EMPTY = 0x40;
export const END = 0x0b;
export const BR_IF = 0x0d;
export const LOCAL_GET = 0x20;
export const LOCAL_SET = 0x21;
export const LOCAL_TEE = 0x22;
export const I32_CONST = 0x41;
export const I32_EQZ = 0x45;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const SIMD = 0xfd;
export const V128_LOAD = [SIMD, 0x00];
export const V128_STORE = [SIMD, 0x0b];
export const F64X2_ADD = [SIMD, 0xf0, 0x01];
export const F64X2_MUL = [SIMD, 0xf2, 0x01];

/** An unsigned LEB128 integer. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A section: its id, then its body's length and the body. */
export const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
/** A name: its length, then its (ASCII) characters. */
export const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
/** A load or store `op` at byte `offset` past the address on the stack, aligned to 2^alignLog2 bytes. */
export const memarg = (op: number[], alignLog2: number, offset: number) => [...op, alignLog2, ...uleb(offset)];

/** A module's bytes: the magic number and version 1, then its sections. */
export function moduleBytes(...sections: number[][]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}

/** The module's memory, as its exports give it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: object };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The module's exports, or undefined where this runtime has no WebAssembly or cannot run the module (no SIMD). */
export function instantiate(bytes: Uint8Array): object | undefined {
  if (wasm === undefined || !wasm.validate(bytes)) return undefined;
  return new wasm.Instance(new wasm.Module(bytes)).exports;
}
