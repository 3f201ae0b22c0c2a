import { existsSync } from 'node:fs';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
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
 * The resvg options shared by {@link renderSvgToPng} and `renderSvgToPngAsync`: zoom dpi/96, only
 * the given fonts. Throws RangeError for a bad dpi and {@link ReportError} for a missing font file.
 */
export function resvgOptions(options: RenderPngOptions): { dpi: number; resvg: ResvgRenderOptions } {
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
  return {
    dpi,
    resvg: {
      fitTo: { mode: 'zoom', value: dpi / 96 },
      font: { loadSystemFonts: false, fontFiles, defaultFontFamily: family, sansSerifFamily: family },
      logLevel: 'off',
    },
  };
}
