import { MISSING, MODALITIES, type Simulation } from './types.ts';

/** The header of the reference layout. */
export const CSV_HEADER =
  'site,therapist,patient,modality,session,' +
  Array.from({ length: 12 }, (_, k) => `wai${k + 1}`).join(',') +
  ',' +
  Array.from({ length: 9 }, (_, k) => `phq${k + 1}`).join(',');

/**
 * Encodes a simulation as CSV in the reference layout (LF line ends, blank = missing), yielding
 * views of one reused byte buffer: consume (write or copy) each chunk before asking for the next.
 * Rows are written byte by byte from precomputed ID prefixes, so 1.3 M rows take a few hundred ms.
 * @example for (const chunk of csvChunks(sim)) await file.write(chunk);
 */
export function* csvChunks(sim: Simulation, chunkBytes = 1 << 22): Generator<Uint8Array, void, undefined> {
  const P = sim.patientIds.length;
  const prefixStart = new Uint32Array(P + 1);
  const parts = new Array<string>(P);
  for (let i = 0; i < P; i++) {
    const t = sim.patientTherapist[i];
    parts[i] = `${sim.siteIds[sim.therapistSite[t]]},${sim.therapistIds[t]},${sim.patientIds[i]},${MODALITIES[sim.therapistModality[t]]},`;
    prefixStart[i + 1] = prefixStart[i] + parts[i].length; // IDs are ASCII: one byte per character
  }
  const prefixes = new TextEncoder().encode(parts.join(''));
  let maxPrefix = 0;
  for (let i = 0; i < P; i++) maxPrefix = Math.max(maxPrefix, prefixStart[i + 1] - prefixStart[i]);
  const state = { pos: 0, row: 0 };
  const maxRow = maxPrefix + 4 + 21 * 2;
  const buf = new Uint8Array(Math.max(chunkBytes, maxRow + CSV_HEADER.length + 1));
  state.pos = new TextEncoder().encodeInto(CSV_HEADER + '\n', buf).written;
  while (state.row < sim.rowPatient.length) {
    encodeRows(sim, prefixes, prefixStart, buf, buf.length - maxRow, state);
    yield buf.subarray(0, state.pos);
    state.pos = 0;
  }
  if (state.pos > 0) yield buf.subarray(0, state.pos);
}

/** Writes rows from state.row on until the buffer position passes `limit` or the rows run out. */
function encodeRows(
  sim: Simulation,
  prefixes: Uint8Array,
  prefixStart: Uint32Array,
  buf: Uint8Array,
  limit: number,
  state: { pos: number; row: number },
): void {
  const { wai, phq, rowSession, rowPatient } = sim;
  const R = rowPatient.length;
  let pos = state.pos;
  let r = state.row;
  for (; r < R && pos <= limit; r++) {
    const p = rowPatient[r];
    for (let k = prefixStart[p], end = prefixStart[p + 1]; k < end; k++) buf[pos++] = prefixes[k];
    const s = rowSession[r];
    if (s >= 100) buf[pos++] = 48 + Math.floor(s / 100);
    if (s >= 10) buf[pos++] = 48 + (Math.floor(s / 10) % 10);
    buf[pos++] = 48 + (s % 10);
    for (let k = r * 12, end = k + 12; k < end; k++) {
      buf[pos++] = 44;
      const v = wai[k];
      if (v !== MISSING) buf[pos++] = 48 + v;
    }
    for (let k = r * 9, end = k + 9; k < end; k++) {
      buf[pos++] = 44;
      const v = phq[k];
      if (v !== MISSING) buf[pos++] = 48 + v;
    }
    buf[pos++] = 10;
  }
  state.pos = pos;
  state.row = r;
}
