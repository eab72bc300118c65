/**
 * Tasks for both games from one place: the shipped ALFWorld games, the standard WebShop shop, the
 * task source (train pool, held-out tasks, environment factory) and the state key GiGPO groups by.
 * Pure TypeScript: files are read through a DataReader (Node: cli/lib/node-data-reader.ts; worker:
 * workers/assets.ts). Import a single module (./shop, ./alfworld-scenes) where only it is needed,
 * so a WebShop-only caller does not load ALFWorld and the reverse.
 */
export type { DataReader } from './data-reader';
export { ALFWORLD_DATA_PATH, ALFWORLD_SPLITS, alfworldSplitPath, loadAlfworldSplit, loadSceneFile, sceneIdOf, scenesById, type AlfworldSplitName } from './alfworld-scenes';
export { AGENT_WEBSHOP_RENDERER, shopOf, STANDARD_SHOP, type Shop } from './shop';
export { TRAIN_SOURCES, type ResolvedTaskSourceConfig, type TaskRef, type TaskSource, type TaskSourceConfig, type TrainSource } from './types';
export { loadTaskSource } from './task-source';
export { stateKey } from './state-key';
