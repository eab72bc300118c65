/**
 * The task source the learner, the CLI and the worker share: one call turns a config into the
 * training pool, the held-out tasks and an environment factory for either game.
 */
import { loadAlfworldTasks } from './alfworld-tasks';
import { checkTaskSourceConfig } from './config';
import type { DataReader } from './data-reader';
import type { TaskSource, TaskSourceConfig } from './types';
import { loadWebShopTasks } from './webshop-tasks';

export async function loadTaskSource(config: TaskSourceConfig, reader: DataReader): Promise<TaskSource> {
  const checked = checkTaskSourceConfig(config);
  // WebShop generates its shop and needs no files; ALFWorld reads its split files through the reader.
  return checked.env === 'alfworld' ? loadAlfworldTasks(checked, reader) : loadWebShopTasks(checked);
}
