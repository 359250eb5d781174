'use strict';
// Minimal safetensors reading and writing for the Qwen2 references, written from the
// published format (https://github.com/huggingface/safetensors), independently of
// ProbSig's C# reader: 8-byte little-endian header length n, n bytes of JSON
// {name: {dtype, shape, data_offsets}}, then raw little-endian data. No npm packages.
const fs = require('fs');

const SIZES = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I8: 1, U8: 1 };
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function halfToNumber(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * Math.pow(2, -24);
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * Math.pow(2, e - 15);
}

function bf16ToNumber(b) {
  u32[0] = b << 16;
  return f32[0];
}

// Round-to-nearest-even conversions of a float32 value.
function numberToBf16(v) {
  f32[0] = v;
  const x = u32[0];
  if ((x & 0x7f800000) === 0x7f800000) return (x >>> 16) | ((x & 0xffff) ? 0x40 : 0);
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

function numberToHalf(v) {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let m = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (m ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    m |= 0x800000;
    const shift = 14 - e;
    let h = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (h & 1))) h++;
    return sign | h;
  }
  let h = (e << 10) | (m >>> 13);
  const rem = m & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++;
  return sign | h;
}

// Reads every tensor of a file as {dtype, shape, data: Float64Array}.
function readSafetensors(path) {
  const buf = fs.readFileSync(path);
  const n = Number(buf.readBigUInt64LE(0));
  if (8 + n > buf.length) throw new Error(`${path}: header length ${n} beyond the file`);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + n));
  const start = 8 + n;
  const out = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [b, e] = info.data_offsets;
    const count = info.shape.reduce((a, c) => a * c, 1);
    const size = SIZES[info.dtype];
    if (!size) throw new Error(`${path}: tensor ${name}: dtype ${info.dtype} not handled by the reference`);
    if (e - b !== count * size) throw new Error(`${path}: tensor ${name}: offsets disagree with shape`);
    if (start + e > buf.length) throw new Error(`${path}: tensor ${name}: truncated`);
    const data = new Float64Array(count);
    const at = start + b;
    for (let i = 0; i < count; i++) {
      switch (info.dtype) {
        case 'F64': data[i] = buf.readDoubleLE(at + 8 * i); break;
        case 'F32': data[i] = buf.readFloatLE(at + 4 * i); break;
        case 'F16': data[i] = halfToNumber(buf.readUInt16LE(at + 2 * i)); break;
        case 'BF16': data[i] = bf16ToNumber(buf.readUInt16LE(at + 2 * i)); break;
        case 'I64': data[i] = Number(buf.readBigInt64LE(at + 8 * i)); break;
        case 'I32': data[i] = buf.readInt32LE(at + 4 * i); break;
        case 'I8': data[i] = buf.readInt8(at + i); break;
        case 'U8': data[i] = buf.readUInt8(at + i); break;
      }
    }
    out[name] = { dtype: info.dtype, shape: info.shape, data };
  }
  return out;
}

// Encodes one tensor's values (numbers) in a dtype; returns a Buffer.
function encode(values, dtype) {
  const size = SIZES[dtype];
  const buf = Buffer.alloc(values.length * size);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    switch (dtype) {
      case 'F64': buf.writeDoubleLE(v, 8 * i); break;
      case 'F32': buf.writeFloatLE(v, 4 * i); break;
      case 'F16': buf.writeUInt16LE(numberToHalf(v), 2 * i); break;
      case 'BF16': buf.writeUInt16LE(numberToBf16(v), 2 * i); break;
      case 'I64': buf.writeBigInt64LE(BigInt(Math.round(v)), 8 * i); break;
      case 'I32': buf.writeInt32LE(Math.round(v), 4 * i); break;
      case 'I8': buf.writeInt8(Math.max(-128, Math.min(127, Math.round(v))), i); break;
      case 'U8': buf.writeUInt8(Math.max(0, Math.min(255, Math.round(v))), i); break;
      default: throw new Error(`dtype ${dtype} not handled`);
    }
  }
  return buf;
}

// Writes [{name, dtype, shape, values}] in the given order; pad: spaces to a multiple of 8.
function writeSafetensors(path, tensors, { pad = true, metadata = null } = {}) {
  const header = {};
  if (metadata) header.__metadata__ = metadata;
  const chunks = [];
  let offset = 0;
  for (const t of tensors) {
    const bytes = encode(t.values, t.dtype);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    chunks.push(bytes);
  }
  let json = JSON.stringify(header);
  if (pad) json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const jsonBytes = Buffer.from(json, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(jsonBytes.length));
  fs.writeFileSync(path, Buffer.concat([len, jsonBytes, ...chunks]));
  return offset;
}

module.exports = { readSafetensors, writeSafetensors, SIZES };
