import { DemoModelError } from './demoModelError.js';
import { float32ToFloat16Bits } from './float32ToFloat16Bits.js';

/** A GGUF metadata value, tagged with the GGUF type it is written as. */
export type GgufMetadataValue =
  | { type: 'uint32'; value: number }
  | { type: 'int32'; value: number }
  | { type: 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'uint64'; value: bigint }
  | { type: 'stringArray'; value: readonly string[] }
  | { type: 'float32Array'; value: ArrayLike<number> }
  | { type: 'int32Array'; value: ArrayLike<number> };

/**
 * A tensor to store. `dims` are in GGML order: `dims[0]` is the fastest-varying (row length), so a
 * matrix with `rows` rows of `cols` values is `[cols, rows]` and `data[row * cols + col]`.
 */
export type GgufTensor = {
  name: string;
  dims: readonly number[];
  type: 'f32' | 'f16';
  data: Float32Array;
};

export type EncodeGgufParameters = {
  metadata: readonly (readonly [key: string, value: GgufMetadataValue])[];
  tensors: readonly GgufTensor[];
  /** Data alignment in bytes; GGUF's default is 32 (written as `general.alignment` when different). */
  alignment?: number;
};

const ggufMagic = 0x46554747; // "GGUF" read as a little-endian uint32
const ggufVersion = 3;

// GGUF value type ids (gguf.h: enum gguf_type).
const valueType = {
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
} as const;

// GGML tensor type ids (ggml.h: enum ggml_type).
const tensorType = { f32: 0, f16: 1 } as const;
const bytesPerElement = { f32: 4, f16: 2 } as const;

const utf8 = new TextEncoder();

/**
 * Encodes metadata and tensors as a GGUF v3 file (the format llama.cpp loads).
 * Output depends only on the inputs (insertion order kept), so equal inputs give equal bytes.
 * @param parameters metadata key/values in file order, tensors in file order, optional alignment
 * @returns the complete file contents
 * @example
 * const bytes = encodeGguf({ metadata: [['general.architecture', { type: 'string', value: 'llama' }]], tensors: [] });
 */
export function encodeGguf(parameters: EncodeGgufParameters): Uint8Array {
  const alignment = parameters.alignment ?? 32;
  if (!Number.isInteger(alignment) || alignment <= 0 || alignment % 8 !== 0) {
    throw new DemoModelError('GGUF_INVALID', `alignment must be a positive multiple of 8, got ${alignment}`);
  }
  const metadata = [...parameters.metadata];
  if (alignment !== 32) metadata.push(['general.alignment', { type: 'uint32', value: alignment }]);
  const keys = new Set<string>();
  for (const [key] of metadata) {
    if (keys.has(key)) throw new DemoModelError('GGUF_INVALID', `duplicate metadata key ${key}`);
    keys.add(key);
  }

  // Tensor offsets are relative to the start of the data section and each one is aligned.
  const layout: { tensor: GgufTensor; offset: number; byteLength: number }[] = [];
  let dataLength = 0;
  for (const tensor of parameters.tensors) {
    const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (
      tensor.dims.length === 0 ||
      tensor.dims.length > 4 ||
      tensor.dims.some((d) => !Number.isInteger(d) || d < 1)
    ) {
      throw new DemoModelError(
        'GGUF_INVALID',
        `tensor ${tensor.name} has invalid dims [${tensor.dims.join(', ')}]`,
      );
    }
    if (elements !== tensor.data.length) {
      throw new DemoModelError(
        'GGUF_INVALID',
        `tensor ${tensor.name} has ${tensor.data.length} values but dims [${tensor.dims.join(', ')}] need ${elements}`,
      );
    }
    dataLength = alignUp(dataLength, alignment);
    const byteLength = elements * bytesPerElement[tensor.type];
    layout.push({ tensor, offset: dataLength, byteLength });
    dataLength += byteLength;
  }

  const header = new ByteWriter();
  header.u32(ggufMagic);
  header.u32(ggufVersion);
  header.u64(BigInt(parameters.tensors.length));
  header.u64(BigInt(metadata.length));
  for (const [key, value] of metadata) {
    header.string(key);
    writeMetadataValue(header, value);
  }
  for (const { tensor, offset } of layout) {
    header.string(tensor.name);
    header.u32(tensor.dims.length);
    for (const dim of tensor.dims) header.u64(BigInt(dim));
    header.u32(tensorType[tensor.type]);
    header.u64(BigInt(offset));
  }

  const headerBytes = header.finish();
  const dataStart = alignUp(headerBytes.length, alignment);
  const out = new Uint8Array(dataStart + dataLength);
  out.set(headerBytes, 0);
  const view = new DataView(out.buffer);
  for (const { tensor, offset } of layout) {
    let position = dataStart + offset;
    if (tensor.type === 'f32') {
      for (const value of tensor.data) {
        view.setFloat32(position, value, true);
        position += 4;
      }
    } else {
      for (const value of tensor.data) {
        view.setUint16(position, float32ToFloat16Bits(value), true);
        position += 2;
      }
    }
  }
  return out;
}

function writeMetadataValue(writer: ByteWriter, entry: GgufMetadataValue): void {
  switch (entry.type) {
    case 'uint32':
      writer.u32(valueType.uint32);
      writer.u32(entry.value);
      return;
    case 'int32':
      writer.u32(valueType.int32);
      writer.i32(entry.value);
      return;
    case 'float32':
      writer.u32(valueType.float32);
      writer.f32(entry.value);
      return;
    case 'bool':
      writer.u32(valueType.bool);
      writer.u8(entry.value ? 1 : 0);
      return;
    case 'string':
      writer.u32(valueType.string);
      writer.string(entry.value);
      return;
    case 'uint64':
      writer.u32(valueType.uint64);
      writer.u64(entry.value);
      return;
    case 'stringArray':
      writer.u32(valueType.array);
      writer.u32(valueType.string);
      writer.u64(BigInt(entry.value.length));
      for (const item of entry.value) writer.string(item);
      return;
    case 'float32Array':
      writer.u32(valueType.array);
      writer.u32(valueType.float32);
      writer.u64(BigInt(entry.value.length));
      for (let i = 0; i < entry.value.length; i++) writer.f32(entry.value[i] as number);
      return;
    case 'int32Array':
      writer.u32(valueType.array);
      writer.u32(valueType.int32);
      writer.u64(BigInt(entry.value.length));
      for (let i = 0; i < entry.value.length; i++) writer.i32(entry.value[i] as number);
      return;
  }
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Little-endian append-only byte buffer for the GGUF header. */
class ByteWriter {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  u8(value: number): void {
    this.reserve(1).setUint8(this.length, value);
    this.length += 1;
  }
  u32(value: number): void {
    this.reserve(4).setUint32(this.length, value, true);
    this.length += 4;
  }
  i32(value: number): void {
    this.reserve(4).setInt32(this.length, value, true);
    this.length += 4;
  }
  f32(value: number): void {
    this.reserve(4).setFloat32(this.length, value, true);
    this.length += 4;
  }
  u64(value: bigint): void {
    this.reserve(8).setBigUint64(this.length, value, true);
    this.length += 8;
  }
  string(value: string): void {
    const bytes = utf8.encode(value);
    this.u64(BigInt(bytes.length));
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(bytes: number): DataView {
    if (this.length + bytes > this.buffer.length) {
      let size = this.buffer.length * 2;
      while (size < this.length + bytes) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    return this.view;
  }
}
