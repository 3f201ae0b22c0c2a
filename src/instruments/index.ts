import type { InstrumentDefinition } from './instrument-definition.ts';
import { core10 } from './core10.ts';
import { gad7 } from './gad7.ts';
import { oq45 } from './oq45.ts';
import { ors } from './ors.ts';
import { phq9 } from './phq9.ts';
import { srs } from './srs.ts';
import { wai } from './wai.ts';
import { waiS } from './wai-s.ts';
import { waiSr } from './wai-sr.ts';

export { defineInstrument, type InstrumentDefinition } from './instrument-definition.ts';

/** The built-in instruments, keyed by their spec key. */
export const builtinInstruments: ReadonlyMap<string, InstrumentDefinition> = new Map(
  [wai, waiS, waiSr, srs, oq45, phq9, gad7, core10, ors].map((d) => [d.key, d]),
);
