/** wink-pos-tagger ships no types; nouns.ts narrows the factory to the one method it uses. */
declare module 'wink-pos-tagger' {
  const factory: () => unknown;
  export default factory;
}
