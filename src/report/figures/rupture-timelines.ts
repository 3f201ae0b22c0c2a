import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';

/** One episode's panel: the patient's observed scores and the episode's landmarks. */
export interface TimelineEpisode {
  /** Panel title (a pseudonymous patient label unless identifiers are allowed). */
  panel: string;
  points: { session: number; score: number }[];
  ruptureSession: number;
  ruptureScore: number;
  repairSession: number | null;
  repairScore: number | null;
  /** The rupture level: pre-rupture score minus the patient's threshold (plus, for rises). */
  level: number;
  pattern: string;
}

/**
 * Small multiples of rupture–repair episodes: one panel per episode with the patient's scores by
 * session (line), the rupture level as a dashed rule, the rupture session (orange) and the
 * repair session (green). Callers pass a sample of at most 12 episodes.
 */
export function ruptureTimelines(episodes: TimelineEpisode[], yTitle: string): VegaLiteSpec {
  const values = episodes.flatMap((e) => [
    ...e.points.map((p) => ({ panel: e.panel, kind: 'score', session: p.session, score: p.score })),
    { panel: e.panel, kind: 'level', level: e.level },
    { panel: e.panel, kind: 'rupture', session: e.ruptureSession, score: e.ruptureScore, pattern: e.pattern },
    ...(e.repairSession !== null ? [{ panel: e.panel, kind: 'repair', session: e.repairSession, score: e.repairScore, pattern: e.pattern }] : []),
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Rupture–repair episodes: per-patient timelines',
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: episodes.map((e) => e.panel) },
    columns: 4,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 160,
      height: 110,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'score'" }],
          mark: { type: 'line', color: '#555555', point: { size: 12, color: '#555555' } },
          encoding: {
            x: { field: 'session', type: 'quantitative', title: 'Session' },
            y: { field: 'score', type: 'quantitative', title: yTitle, scale: { zero: false } },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'level'" }],
          mark: { type: 'rule', strokeDash: [4, 3], color: OKABE_ITO[0] },
          encoding: { y: { field: 'level', type: 'quantitative' }, tooltip: [{ field: 'level', title: 'Rupture level', format: '.2f' }] },
        },
        {
          transform: [{ filter: "datum.kind === 'rupture' || datum.kind === 'repair'" }],
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            x: { field: 'session', type: 'quantitative' },
            y: { field: 'score', type: 'quantitative' },
            color: { field: 'kind', type: 'nominal', title: 'Event', scale: { domain: ['rupture', 'repair'], range: [OKABE_ITO[3], OKABE_ITO[2]] } },
            tooltip: [
              { field: 'kind', title: 'Event' },
              { field: 'session', title: 'Session' },
              { field: 'score', title: 'Score', format: '.2f' },
              { field: 'pattern', title: 'Pattern' },
            ],
          },
        },
      ],
    },
  };
}
