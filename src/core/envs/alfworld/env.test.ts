import { describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../../../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../../tasks/alfworld-scenes';
import { createAlfworldEnv, displayList } from './index';

// valid_unseen look_at_obj_in_light-Mug-None-DeskLamp-308 (trial_T20190908_201421_021646), the game of
// the real episode alf-sala-023 in real_episodes_sample.json.
const validUnseen = await loadAlfworldSplit('valid_unseen', nodeDataReader());
const scene = validUnseen.find((s) => s.id === 'valid_unseen/look_at_obj_in_light-Mug-None-DeskLamp-308/trial_T20190908_201421_021646');
if (!scene) throw new Error('fixture game missing from public/data/alfworld/valid_unseen.json');

const LOOK =
  'You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 2, a desk 1, a drawer 6, a drawer 5, a drawer 4, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, a safe 1, a shelf 6, a shelf 5, a shelf 4, a shelf 3, a shelf 2, and a shelf 1.';
const TASK = 'Your task is to: examine the mug with the desklamp.';

describe('ALFWorld env: text of the real engine', () => {
  it('lists like TextWorld: nothing / single / ", and" before the last', () => {
    expect(displayList([])).toBe('nothing');
    expect(displayList(['a pen 1'])).toBe('a pen 1');
    expect(displayList(['a pen 1', 'a cd 2'])).toBe('a pen 1, and a cd 2');
    expect(displayList(['a', 'b', 'c'])).toBe('a, b, and c');
  });

  it('raw style: banner at reset, "You arrive at loc N." on arrival', () => {
    const env = createAlfworldEnv(scene, { style: 'raw' });
    expect(env.reset().text).toBe(`-= Welcome to TextWorld, ALFRED! =-\n\n${LOOK}\n\n${TASK}`);
    expect(env.step('go to drawer 1').text).toMatch(/^You arrive at loc \d+\. The drawer 1 is closed\.$/);
  });

  it('react style: look and task on two lines, arrival prefix stripped', () => {
    const env = createAlfworldEnv(scene);
    const first = env.reset();
    expect(first.text).toBe(`${LOOK}\n${TASK}`);
    expect(env.task).toMatchObject({ env: 'alfworld', split: 'valid_unseen', taskType: 'look_at_obj_in_light', goal: TASK });
    expect(env.maxSteps).toBe(50);
    expect(env.step('go to drawer 1').text).toBe('The drawer 1 is closed.');
    expect(env.step('open drawer 1').text).toBe('You open the drawer 1. The drawer 1 is open. In it, you see nothing.');
    expect(env.step('close drawer 1').text).toBe('You close the drawer 1.');
    expect(env.step('go to drawer 2').text).toBe('On the drawer 2, you see nothing.');
    // drawer 3 stands at drawer 2's location: going there is not admissible.
    expect(env.step('go to drawer 3').text).toBe('Nothing happens.');
    expect(env.step('look').text).toBe('You are facing the drawer 3, and drawer 2. Next to it, you see nothing.');
    expect(env.step('inventory').text).toBe('You are not carrying anything.');
  });

  it('take, examine, inventory, use, and the goal', () => {
    const env = createAlfworldEnv(scene);
    env.reset();
    expect(env.step('go to desk 1').text).toBe('On the desk 1, you see a creditcard 3, a desklamp 1, a laptop 2, a mug 1, a pen 1, and a pencil 1.');
    expect(env.step('examine mug 1').text).toBe('This is a normal mug 1. In it, you see nothing.');
    expect(env.step('examine desklamp 1').text).toBe("There's nothing special about desklamp 1.");
    expect(env.step('take mug 1 from desk 1').text).toBe('You pick up the mug 1 from the desk 1.');
    expect(env.step('inventory').text).toBe('You are carrying: a mug 1.');
    const obs = env.step('use desklamp 1');
    expect(obs).toMatchObject({ text: 'You turn on the desklamp 1.', reward: 1, done: true, success: true, step: 6 });
    // Once done, the harness returns the last observation unchanged.
    expect(env.step('examine desklamp 1')).toBe(obs);
  });

  it('admissible commands are the sorted set the engine lists', () => {
    const env = createAlfworldEnv(scene);
    const first = env.reset();
    expect(first.admissibleActions).toEqual([...first.admissibleActions].sort());
    expect(first.admissibleActions.slice(0, 3)).toEqual(['go to bed 1', 'go to desk 1', 'go to desk 2']);
    expect(first.admissibleActions).toContain('inventory');
    expect(first.admissibleActions).toContain('look');
    const atDesk = env.step('go to desk 1').admissibleActions;
    expect(atDesk).toContain('take mug 1 from desk 1');
    expect(atDesk).toContain('use desklamp 1');
    expect(atDesk).not.toContain('go to desk 1');
  });

  it('odd commands: matched after trimming only, case-sensitive, otherwise "Nothing happens."', () => {
    const env = createAlfworldEnv(scene);
    env.reset();
    for (const odd of ['', '   ', 'Go to desk 1', 'GO TO DESK 1', 'go  to desk 1', 'go to desk 1.', '<|eot_id|>', 'go to desk 1<|eot_id|>', 'x'.repeat(100_000), 'go to desk 9', '\u0000']) {
      expect(env.step(odd).text).toBe('Nothing happens.');
    }
    expect(env.stepCount).toBe(11);
    // Pathological whitespace runs are answered at once (no regex backtracking).
    const started = performance.now();
    expect(env.step(`${' '.repeat(200_000)}x${' '.repeat(200_000)}`).text).toBe('Nothing happens.');
    expect(performance.now() - started).toBeLessThan(1000);
    // Python's strip: U+00A0 and U+2003 are whitespace, U+FEFF is not.
    expect(env.step('\u00a0go to bed 1\u2003').text).toBe('On the bed 1, you see a book 2, a book 1, a laptop 1, and a pillow 1.');
    expect(env.step('\ufeffgo to desk 1').text).toBe('Nothing happens.');
    expect(env.step('  go to desk 1 \t\n').text).toBe('On the desk 1, you see a creditcard 3, a desklamp 1, a laptop 2, a mug 1, a pen 1, and a pencil 1.');
  });

  it('"move X to Y" is accepted as "put X in/on Y" unless disabled (the json_2.1.1 engine rejects it)', () => {
    for (const accept of [true, false]) {
      const env = createAlfworldEnv(scene, { acceptMoveSynonym: accept });
      env.reset();
      env.step('go to desk 1');
      env.step('take pen 1 from desk 1');
      expect(env.step('move pen 1 to desk 1').text).toBe(accept ? 'You put the pen 1 in/on the desk 1.' : 'Nothing happens.');
    }
  });

  it('ends at the 50-step limit and then repeats the last observation', () => {
    const env = createAlfworldEnv(scene);
    env.reset();
    let obs = env.step('look');
    for (let i = 1; i < 50; i++) obs = env.step(i % 2 ? 'go to bed 1' : 'go to safe 1');
    expect(obs).toMatchObject({ done: true, success: false, reward: 0, step: 50 });
    expect(env.step('look')).toBe(obs);
  });

  it('reset restores the start state', () => {
    const env = createAlfworldEnv(scene);
    const a = env.reset();
    env.step('go to desk 1');
    env.step('take mug 1 from desk 1');
    expect(env.reset()).toEqual(a);
    expect(env.step('go to desk 1').text).toContain('a mug 1');
  });

  it('heat, cool, clean and slice: feedback and examine texts of the grammar', () => {
    const heatGame = validUnseen.find((s) => s.id === 'valid_unseen/pick_heat_then_place_in_recep-Potato-None-GarbageCan-10/trial_T20190907_161853_945788');
    if (!heatGame) throw new Error('fixture game missing');
    const env = createAlfworldEnv(heatGame);
    env.reset();
    const play: Array<[string, string]> = [
      ['go to countertop 2', 'On the countertop 2, you see a bowl 1, a bread 1, a butterknife 1, a cellphone 1, a glassbottle 1, a knife 1, a peppershaker 2, a potato 2, a potato 1, a spoon 2, and a statue 1.'],
      ['take knife 1 from countertop 2', 'You pick up the knife 1 from the countertop 2.'],
      ['go to countertop 3', 'On the countertop 3, you see a bread 3, a cellphone 3, a creditcard 2, a creditcard 1, a dishsponge 3, a fork 3, a glassbottle 3, a houseplant 1, a pan 3, a pan 2, a pot 1, a potato 3, a spatula 3, and a spatula 1.'],
      ['slice potato 3 with knife 1', 'You sliced the potato 3 with the knife 1.'],
      ['put knife 1 in/on countertop 3', 'You put the knife 1 in/on the countertop 3.'],
      ['take potato 3 from countertop 3', 'You pick up the potato 3 from the countertop 3.'],
      ['examine potato 3', 'This is a sliced potato 3.'],
      ['go to fridge 1', 'The fridge 1 is closed.'],
      ['cool potato 3 with fridge 1', 'You cool the potato 3 using the fridge 1.'],
      ['examine potato 3', 'This is a cool sliced potato 3.'],
      ['go to sinkbasin 1', 'On the sinkbasin 1, you see a fork 2, and a spatula 2.'],
      ['clean potato 3 with sinkbasin 1', 'You clean the potato 3 using the sinkbasin 1.'],
      ['examine potato 3', 'This is a cool and clean sliced potato 3.'],
      ['go to microwave 1', 'The microwave 1 is closed.'],
      ['heat potato 3 with microwave 1', 'You heat the potato 3 using the microwave 1.'],
      ['examine potato 3', 'This is a hot and clean sliced potato 3.'],
      ['go to garbagecan 1', 'On the garbagecan 1, you see a apple 3, a egg 1, and a soapbottle 2.'],
    ];
    for (const [action, text] of play) expect([action, env.step(action).text]).toEqual([action, text]);
    expect(env.step('put potato 3 in/on garbagecan 1')).toMatchObject({ text: 'You put the potato 3 in/on the garbagecan 1.', done: true, success: true, reward: 1 });
  });
});
