// The answers gexmap serves, as zod schemas: the HTTP API checks its answers against them and documents them in
// its OpenAPI components; other interfaces (an assistant's tools) can state and check the same shapes.
export {
  errorSchema,
  historyPointSchema,
  historySchema,
  levelsSchema,
  sourceStatusSchema,
  sourcesSchema,
  storedSnapshotsSchema,
  studySchema,
} from './answers.js';
export { answerComponents, named } from './registry.js';
export {
  expiryViewSchema,
  flipSearchSchema,
  flowComparisonSchema,
  keyLevelSchema,
  type ReportAnswer,
  reportSchema,
  strikeRowSchema,
  venueBreakdownSchema,
} from './report.js';
