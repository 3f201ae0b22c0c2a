import { ROM_SMALL_SCORED } from './rom-small-scored.ts';

/**
 * Pipeline YAML: `head` (the scored sessions of data-samples/rom-small.csv unless given) and then a
 * derive stage `d` from `from` whose `columns:` are the YAML lines `columns` (indented 6 spaces).
 */
export function deriveSpec(columns: string, head = ROM_SMALL_SCORED, from = 'scored'): string {
  return `${head}  - id: d
    type: derive
    from: ${from}
    columns:
${columns}`;
}
