/**
 * ALFWorld's six task types, named as the lab's rule scopes name them (src/core/envs/task-types.ts),
 * and the mapping from the real game folders' prefixes.
 */
export const ALFWORLD_TASK_TYPES = [
  'pick_and_place',
  'look_at_obj_in_light',
  'pick_clean_then_place',
  'pick_heat_then_place',
  'pick_cool_then_place',
  'pick_two_obj',
] as const;

export type AlfworldTaskType = (typeof ALFWORLD_TASK_TYPES)[number];

/** Game folder prefix (e.g. `pick_and_place_simple`) → the lab's task type. */
export const TASK_TYPE_BY_FOLDER_PREFIX: Record<string, AlfworldTaskType> = {
  pick_and_place_simple: 'pick_and_place',
  look_at_obj_in_light: 'look_at_obj_in_light',
  pick_clean_then_place_in_recep: 'pick_clean_then_place',
  pick_heat_then_place_in_recep: 'pick_heat_then_place',
  pick_cool_then_place_in_recep: 'pick_cool_then_place',
  pick_two_obj_and_place: 'pick_two_obj',
};
