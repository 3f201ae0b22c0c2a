import { existsSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { ReportError } from '../report-error.ts';

/** Debian's `fonts-dejavu-core`: the fonts every PNG is rendered with. */
export const DEJAVU_SANS_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
] as const;

export interface RenderPngOptions {
  /** Pixels per inch of the PNG (default 300); the SVG is read at 96 px per inch (CSS). */
  dpi?: number;
  /** Font files to load instead of DejaVu Sans regular and bold. */
  fontFiles?: readonly string[];
  /** Family used when the SVG names a font that is not loaded (default "DejaVu Sans"). */
  defaultFontFamily?: string;
}

/**
 * Rasterizes an SVG to PNG with resvg (https://github.com/linebender/resvg) for journals that
 * want bitmaps: scaled by dpi/96 (300 dpi by default, so a 480 px wide chart becomes 1,500 px),
 * with only the given font files loaded (no system fonts), so the same SVG gives the same PNG on
 * every machine. The PNG carries a pHYs chunk with the resolution (PNG spec §11.3.5.3), so word
 * processors place it at its physical size. Throws a {@link ReportError} when a font file is missing.
 * @example const png = renderSvgToPng(svg); // Buffer, width = round(svgWidth × 300 / 96)
 */
export function renderSvgToPng(svg: string, options: RenderPngOptions = {}): Buffer {
  const dpi = options.dpi ?? 300;
  if (!(dpi > 0)) throw new RangeError(`renderSvgToPng: dpi must be positive, got ${dpi}`);
  const fontFiles = [...(options.fontFiles ?? DEJAVU_SANS_FILES)];
  const missing = fontFiles.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new ReportError(
      `PNG export needs the font file(s) ${missing.join(', ')} for reproducible output; ` +
        `install DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core) or pass fontFiles`,
    );
  }
  const family = options.defaultFontFamily ?? 'DejaVu Sans';
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: dpi / 96 },
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: family, sansSerifFamily: family },
    logLevel: 'off',
  });
  return withPhysicalDpi(resvg.render().asPng(), dpi);
}

/** Inserts (or replaces) the pHYs chunk of a PNG so it records `dpi` pixels per inch. */
function withPhysicalDpi(png: Buffer, dpi: number): Buffer {
  const ppm = Math.round(dpi / 0.0254);
  const body = Buffer.alloc(13);
  body.write('pHYs', 0, 'latin1');
  body.writeUInt32BE(ppm, 4);
  body.writeUInt32BE(ppm, 8);
  body.writeUInt8(1, 12); // unit: metre
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), 17);
  const parts: Buffer[] = [png.subarray(0, 8)];
  let pos = 8;
  let inserted = false;
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + len;
    if (type !== 'pHYs') {
      if (!inserted && type === 'IDAT') {
        parts.push(chunk);
        inserted = true;
      }
      parts.push(png.subarray(pos, end));
    }
    pos = end;
  }
  return Buffer.concat(parts);
}
