/**
 * The search tokenizer lives in `shared/search/tokenize.ts` so the workspace server indexes and
 * queries with exactly the same rules as this local cache (see the comment there).
 */
export * from '../../../shared/search/tokenize';
