/**
 * The task families rules are scoped to, per environment. ALFWorld's are its six task types
 * (the prefixes of its game folder names); WebShop's are its five product categories.
 */
import type { EnvKind } from './types';

export const TASK_TYPES: Record<EnvKind, readonly string[]> = {
  alfworld: [
    'pick_and_place',
    'look_at_obj_in_light',
    'pick_clean_then_place',
    'pick_heat_then_place',
    'pick_cool_then_place',
    'pick_two_obj',
  ],
  webshop: ['beauty', 'food', 'fashion', 'furniture', 'electronics'],
};
