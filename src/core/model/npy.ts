// NumPy .npy (format 1.0) writer for a float32 matrix.

export function npyFloat32(rows: number, cols: number, data: Float32Array): Buffer {
  if (data.length !== rows * cols) throw new Error(`npy: ${data.length} values for shape (${rows}, ${cols})`);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and a newline to a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (!le) throw new Error('npy: big-endian hosts are not supported');
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}
