/**
 * Text ALFWorld: the real json_2.1.1 games replayed with the engine's own semantics and text.
 * Pure TypeScript (no DOM, no fs): the worker, the CLI and the tests share it.
 */
export { ALFWORLD_TASK_TYPES, TASK_TYPE_BY_FOLDER_PREFIX, type AlfworldTaskType } from './task-types';
export { type AlfworldScene, type AlfworldGoal, type SceneObject, type SceneReceptacle, parseScene, parseSceneFile, SCENE_FORMAT, SCENE_FILE_FORMAT, OBJECT_FLAGS } from './scene';
export { AlfworldEnv, createAlfworldEnv, stripArrival, ALFWORLD_MAX_STEPS, type AlfworldEnvOptions, type ObservationStyle } from './env';
export { parseEpisodes, replayEpisodes, type LoggedEpisode, type LoggedStep, type ReplayReport, type ReplayMismatch } from './replay';
export { displayList } from './text';
export { expertAction, expertNext, expertPlan, SEARCH_EXPERT_DEADLINE, type ExpertMode, type ExpertOptions } from './expert';
export { generateScene, type GenerateOptions } from './generate';
export { layoutSignature, roomKindOf, type AlfworldPrior, type RoomKind } from './prior';
