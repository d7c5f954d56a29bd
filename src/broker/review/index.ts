export { type PersonReview, reviewPerson } from './person-review.ts';
export { MAX_REVIEWED_PEOPLE, type ReviewedPerson, type RoleReview, type RuleReach, type SourceReach, reviewRole } from './role-review.ts';
export { reviewCsv } from './review-csv.ts';
export { presentPersonReview, presentRoleReview } from './present-review.ts';
