export { validateDocument, collectIdentities } from './validate.js';
export { narrativeClaimCount } from './rules/narrative.js';
export type { ValidationInput } from './validate.js';
export { evaluate, tablePrecision } from './identity.js';
export type { Identity, Term, Evaluation } from './identity.js';
export { findRepairs } from './repair.js';
export type { Repair } from './repair.js';
export { rankCandidates } from './candidates.js';
export type { CandidateCell, CandidateValue, RankedCandidate, CandidateRanking } from './candidates.js';
