import type { ImportLineProblem } from '../../core/accounts/import-members.ts';
import type { MemberError } from '../../core/accounts/members.ts';
import type { Translate } from '../../core/i18n/index.ts';

/**
 * Refusals and validation problems in the reader's language. Core errors carry
 * a reason as data (their English message is for the command line); pages say
 * it through these functions, never through `error.message`.
 */
export function memberProblemText(error: MemberError, t: Translate): string {
  return t(`admin.problem.${error.reason}`);
}

export function importLineText(problem: ImportLineProblem, t: Translate): string {
  if (problem.kind === 'extra-fields') return t('admin.members.importProblem.extra-fields');
  return problem.fields.map((field) => t(`admin.members.importProblem.${field}`)).join(t('admin.members.importProblem.separator'));
}
