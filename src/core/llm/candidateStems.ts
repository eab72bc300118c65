/**
 * Shared stems among a decision's candidates. Most of an ALFWorld decision's candidates begin with
 * the same tokens (" go to" in ~20 of ~26), and WebShop's product clicks with " click[B0". Fed row by
 * row, every candidate runs its copy of those tokens, and every row is padded to the longest
 * candidate. Run once instead, a stem extends the prefix's KV cache and its members score only their
 * remainders, in a block padded to the longest remainder: on valid_unseen decisions this cuts the
 * candidate tokens a decision runs from ~159 to ~84 (scripts measured the expert's episodes).
 *
 * Pure: plans which candidates share which stem; transformersModel.ts runs the plan.
 */

export interface StemGroup {
  /** Tokens every member starts with; each member has at least one token after them. */
  stem: number[];
  /** Indices of the candidates that start with the stem. */
  members: number[];
}

/**
 * Each extra stem costs a forward of its own (and one for its members' remainders); it pays when it
 * saves more than a few rows' worth of tokens. Chosen from the token counts above, not tuned finely.
 */
export const MIN_STEM_SAVING = 8;

/**
 * Groups of candidates (token ids) that share a stem worth running once: candidates are grouped by
 * their first token, and a group's stem is the longest token prefix all its members share, short of
 * each member's last token (a candidate's last token is predicted, never fed). A group is kept when
 * (members - 1) x stem length >= minSaving; the remaining candidates stay in no group.
 */
export function planStems(candidates: readonly (readonly number[])[], minSaving: number = MIN_STEM_SAVING): StemGroup[] {
  const byFirst = new Map<number, number[]>();
  candidates.forEach((ids, i) => {
    if (ids.length < 2) return; // nothing to feed after a stem
    const members = byFirst.get(ids[0]) ?? [];
    members.push(i);
    byFirst.set(ids[0], members);
  });
  const groups: StemGroup[] = [];
  for (const members of byFirst.values()) {
    if (members.length < 2) continue;
    const first = candidates[members[0]];
    let length = Math.min(...members.map((m) => candidates[m].length - 1));
    for (const m of members) {
      const ids = candidates[m];
      let k = 0;
      while (k < length && ids[k] === first[k]) k++;
      length = k;
    }
    if ((members.length - 1) * length >= minSaving) groups.push({ stem: first.slice(0, length), members });
  }
  return groups;
}
