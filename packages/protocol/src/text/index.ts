export * from './findUnstorableCharacter.js';
export * from './toStorableJson.js';
export * from './toStorableText.js';
