import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { SpecError } from '../engine/errors.ts';

/**
 * The pipeline envelope: the one source of truth for the spec's shape. Stage options are
 * declared by each stage in `src/stages/` (TypeBox schemas, which are JSON Schema); the full
 * JSON Schema (`alliance schema`, src/spec/pipeline.schema.json) is generated from this
 * envelope and the stage registry, and a test fails when the committed file drifts.
 */
export const IDENT_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
export const NAME_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';
const PARAM_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
/** IDENT_PATTERN in words, for validate's messages. */
export const IDENT_MEANING = 'a lower-case letter, then lower-case letters, digits or _, at most 64 characters';

export const ParamValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const ParamDeclaration = Type.Union([
  ParamValue,
  Type.Object(
    {
      default: ParamValue,
      description: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
]);

/** A user-defined instrument (same fields as the built-in definitions in src/instruments/). */
export const CustomInstrument = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', patternMessage: 'a lower-case letter, then lower-case letters, digits or -, at most 32 characters', description: 'Key used in score stages (lower case letters, digits and -; not a built-in key)' }),
    name: Type.String({ description: 'Full name, shown in the report' }),
    items: Type.Integer({ minimum: 1, maximum: 500, description: 'Number of items, numbered 1..items' }),
    min: Type.Number({ description: 'Lowest possible response' }),
    max: Type.Number({ description: 'Highest possible response' }),
    integer: Type.Optional(Type.Boolean({ default: true, description: 'Responses must be whole numbers (false for visual-analogue scales)' })),
    reverse: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { description: 'Items (1-based) rescored as (min + max) − response' })),
    subscales: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), Type.Array(Type.Integer({ minimum: 1 })), {
        propertyNames: { pattern: '^[a-z][a-z0-9_]{0,31}$', patternMessage: 'a lower-case letter, then lower-case letters, digits or _, at most 32 characters' },
        description: 'Subscale name → its items (1-based); the total always uses every item',
      }),
    ),
    aggregate: Type.Optional(Type.Union([Type.Literal('sum'), Type.Literal('mean')], { default: 'sum', description: 'Scale score: sum of the items or their mean' })),
    higherIsBetter: Type.Boolean({ description: 'Direction of the total: true for alliance and well-being scales, false for symptom scales' }),
    maxMissingFraction: Type.Optional(
      Type.Number({ minimum: 0, maximum: 0.5, default: 0.2, description: 'A scale is scored when at most this fraction of its items is missing; they are replaced by the mean of the answered items (prorating)' }),
    ),
    reliableChange: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Reliable-change value in total-score points (change stage with method: fixed)' })),
    cutoff: Type.Optional(Type.Number({ description: 'Clinical cut-off on the total (change stage)' })),
    reliability: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Reliability for reliable-change criteria (change, sudden crit1, the rci rupture preset)' })),
    citation: Type.Optional(Type.String({ description: 'Reference printed in the report' })),
  },
  { additionalProperties: false },
);

export const StageEnvelope = Type.Object(
  {
    id: Type.String({ pattern: IDENT_PATTERN, patternMessage: IDENT_MEANING, description: 'Stage id; later stages refer to this stage by it' }),
    type: Type.String({ description: 'Stage type (see the stage registry)' }),
  },
  { additionalProperties: true },
);

/** The largest seed (the random streams take a 32-bit unsigned seed). */
export const MAX_SEED = 4294967295;

export const PipelineEnvelope = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN, patternMessage: 'a lower-case letter or digit, then lower-case letters, digits, _ or -, at most 64 characters', description: 'Pipeline name; the default output folder is reports/<name>/' }),
    title: Type.Optional(Type.String({ description: 'Report title' })),
    description: Type.Optional(Type.String()),
    seed: Type.Optional(
      Type.Union(
        [
          Type.Integer({ minimum: 0, maximum: MAX_SEED }),
          Type.String({ pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]{0,63}\\}$', description: 'a parameter, `${name}`, whose value is such a whole number', patternMessage: 'a whole number from 0 to 4294967295 or a parameter such as ${seed}' }),
        ],
        { description: 'Seed for every random step (bootstrap, sampling, pseudonyms): a whole number from 0 to 4294967295, or a parameter (`${seed}`); default 1' },
      ),
    ),
    params: Type.Optional(Type.Record(Type.String({ pattern: PARAM_NAME_PATTERN }), ParamDeclaration, { propertyNames: { pattern: PARAM_NAME_PATTERN, patternMessage: 'a letter or _, then letters, digits or _, at most 64 characters' } })),
    instruments: Type.Optional(Type.Array(CustomInstrument)),
    stages: Type.Array(StageEnvelope, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type PipelineEnvelopeT = Static<typeof PipelineEnvelope>;
export type CustomInstrumentT = Static<typeof CustomInstrument>;
export type ParamValueT = Static<typeof ParamValue>;

/** A stage entry after validation: id, type and that stage's typed options. */
export interface StageSpec<O = Record<string, unknown>> {
  id: string;
  type: string;
  options: O;
  /** Index in `stages`, for spec paths (`stages[3]`). */
  index: number;
}

export interface PipelineSpec {
  name: string;
  title?: string;
  description?: string;
  seed: number;
  params: Record<string, ParamValueT>;
  instruments: CustomInstrumentT[];
  stages: StageSpec[];
  /** Folder of the spec file: input paths resolve against it. */
  specDir: string;
  specFile: string;
  /** Spec text as loaded (before substitution) and its SHA-256. */
  text: string;
  sha256: string;
  /** YAML line/column of a spec path such as `stages[2].method`. */
  locate?: (specPath: string) => { line: number; column: number } | undefined;
  /**
   * Stages left out of `stages` because their options failed the schema check, with their
   * problems: planning lists these beside the other stages' problems, so one run reports them all.
   */
  rejectedStages?: RejectedStage[];
  /**
   * The custom instruments (by index in `instruments`) whose definition failed the schema check,
   * with their problems: planning lists them with the rest, and skips the stages using them.
   */
  rejectedInstruments?: Map<number, SpecError[]>;
}

/** A stage left out of the spec because its schema check failed (`type` is undefined when unknown). */
export interface RejectedStage {
  id: string;
  type?: string;
  index: number;
  problems: SpecError[];
  /**
   * When every problem lies in the options (an unknown, wrongly typed, misspelled or missing
   * option): the options that passed the schema, with their defaults. planPipeline still plans the
   * stage on these (see PartlyValidStage in validate-spec.ts, which adds the options in doubt), so
   * validate lists its other problems too.
   */
  known?: Record<string, unknown>;
}

export type { TSchema };
