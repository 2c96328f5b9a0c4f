/** The report the page reads: what GET /api/sources/{id}/report serves (the full report, venues when aggregated). */
import type { FullReport } from '../../src/analytics/fullReport.js';
import type { VenueBreakdown } from '../../src/analytics/venues.js';

export type Report = FullReport & { readonly venues?: VenueBreakdown };
