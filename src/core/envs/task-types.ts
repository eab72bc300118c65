/**
 * The task families rules are scoped to, per environment: ALFWorld's six task types and WebShop's
 * five product categories. Imported from the simulators' own small modules (not their indexes) so
 * the UI can list them without bundling a simulator.
 */
import { ALFWORLD_TASK_TYPES } from './alfworld/task-types';
import type { EnvKind } from './types';
import { CATEGORY_IDS } from './webshop/categories';

export const TASK_TYPES: Record<EnvKind, readonly string[]> = {
  alfworld: ALFWORLD_TASK_TYPES,
  webshop: CATEGORY_IDS,
};
