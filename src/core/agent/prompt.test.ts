import { describe, expect, it } from 'vitest';
import { actionSegment, observationSegment, productLabels } from './prompt';
import { PromptHistory } from './promptHistory';

const RESULTS = '[Back to Search] Page 1 (Total results: 50) [Next >] [B07DD4XQET] Dencla Seeds $4.99 [B0PJJAP52S] Gluten Free Seeds $33.89';
const PAGE_TWO = '[Back to Search] Page 2 (Total results: 50) [< Prev] [Next >] [B0TPQL018Z] Gmo Free Salt $38.89 [B07DD4XQET] Dencla Seeds $4.99';
const ITEM = '[Back to Search] [< Prev] size [1.8 oz][3 oz] Dencla Seeds Price: $4.99 Rating: N.A. [Description] [Buy Now]';

describe('product labels: the model reads a page\'s products as P1, P2, ...', () => {
  it('labels ids in the order the page first shows them', () => {
    expect([...productLabels(PAGE_TWO)]).toEqual([['B0TPQL018Z', 'P1'], ['B07DD4XQET', 'P2']]);
    expect(productLabels(`${RESULTS} B07DD4XQET again`).size).toBe(2);
  });

  it('rewrites the page and the actions taken on it, and nothing else', () => {
    expect(observationSegment(RESULTS)).toBe('[ Back to Search] Page 1 (Total results: 50) [ Next >] [ P1] Dencla Seeds $4.99 [ P2] Gluten Free Seeds $33.89\n>');
    const labels = productLabels(RESULTS);
    expect(actionSegment('click[B0PJJAP52S]', labels)).toBe(' click[ P2]\n');
    expect(actionSegment('click[Next >]', labels)).toBe(' click[ Next >]\n');
    expect(actionSegment('click[B0PJJAP52S]')).toBe(' click[ B0PJJAP52S]\n');
    const alfworld = 'On the countertop 1, you see a egg 1, and a mug 2.';
    expect(observationSegment(alfworld)).toBe(`${alfworld}\n>`);
  });

  it('writes each action in the history with the labels of the page it was taken on', () => {
    const history = new PromptHistory('buy seeds', [], 'Webshop [Search]');
    history.push('search[seeds]', RESULTS);
    expect(history.candidateSegments(['click[B0PJJAP52S]', 'click[Next >]'])).toEqual([' click[ P2]\n', ' click[ Next >]\n']);
    history.push('click[Next >]', PAGE_TWO);
    // The same product is P1 on page 1 and P2 on page 2.
    expect(history.candidateSegments(['click[B07DD4XQET]'])).toEqual([' click[ P2]\n']);
    history.push('click[B07DD4XQET]', ITEM);
    expect(history.prefixSegments().slice(-2)).toEqual([' click[ P2]\n', `${ITEM.replaceAll('[', '[ ')}\n>`]);
    expect(history.prefixSegments().join('')).not.toMatch(/B0[0-9A-Z]{8}/);
  });
});

describe('spaced brackets: a bracketed value reads as the same word as in the instruction', () => {
  it('puts one space after every opening bracket of pages and actions, never two', () => {
    expect(observationSegment(ITEM)).toBe('[ Back to Search] [ < Prev] size [ 1.8 oz][ 3 oz] Dencla Seeds Price: $4.99 Rating: N.A. [ Description] [ Buy Now]\n>');
    expect(actionSegment('click[1.8 oz]')).toBe(' click[ 1.8 oz]\n');
    expect(actionSegment('search[red dress]')).toBe(' search[ red dress]\n');
    expect(actionSegment('click[ spaced]')).toBe(' click[ spaced]\n');
  });

  it('leaves text without brackets (ALFWorld) as it was', () => {
    expect(actionSegment('put mug 1 in/on shelf 3')).toBe(' put mug 1 in/on shelf 3\n');
  });
});
