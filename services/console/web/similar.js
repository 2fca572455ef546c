// Has this applicant asked for the same thing recently? IntakeService.FindEarlierRequests lists
// the applicant's requests of the last 12 months, found by the identity document typed at the
// window (whoever registered them), each compared with the new description on the server
// (character pairs, rules/description_similarity.h). It is a hint for the clerk, never a
// refusal: whether a request repeats an answered one (不予处理（重复申请）, Art. 36(6)) is the
// department's decision.

import * as api from './api.js';

const MAX_DESCRIPTION = 2000;

// The applicant's earlier requests, newest receipt first: {requests: [{summary,
// similarity_percent, similar}], more, similarCount}, leaving out the case `exclude` (the one just
// registered). null when there is nothing to say: input not complete, or the lookup failed (an
// older service, no access, the network) — the hint is then simply not shown.
export async function findEarlierRequests(idType, idNumber, description, exclude = '') {
  const number = (idNumber || '').trim().toUpperCase();
  const text = (description || '').trim();
  if (!idType || !number || !text || Array.from(text).length > MAX_DESCRIPTION) return null;
  let r;
  try {
    r = await api.rpc('IntakeService', 'FindEarlierRequests',
      {id_type: idType, id_number: number, description: text});
  } catch (err) {
    return null;
  }
  return excluding({requests: r.requests || [], more: Boolean(r.more)}, exclude);
}

// An answer of findEarlierRequests without the case `exclude` (the one just registered).
export function excluding(found, exclude) {
  const requests = found.requests.filter((x) => (x.summary || {}).case_number !== exclude);
  return {
    requests,
    more: found.more,
    similarCount: requests.filter((x) => x.similar).length,
  };
}

// What a person reads first: 该申请人近12个月内已提出N件申请，其中M件内容相近.
export function earlierRequestsHeadline(found) {
  const n = found.more ? `${found.requests.length}件以上` : `${found.requests.length}件`;
  return `该申请人近12个月内已提出${n}申请，其中${found.similarCount}件内容相近`;
}
