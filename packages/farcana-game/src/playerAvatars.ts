/** The preset avatars a player picks from; the web app draws each, the API stores the key. */
export const PLAYER_AVATARS = ['comet', 'ember', 'frost', 'leaf', 'nova', 'orbit', 'pulse', 'spark'] as const;

/** One preset avatar's key. */
export type PlayerAvatar = (typeof PLAYER_AVATARS)[number];
