/** Lanes across the field; the player stands in one of them. */
export const LANES = 5;

/** Height of the field in fixed-point units: objects fall from 0 to `FIELD_HEIGHT`. */
export const FIELD_HEIGHT = 1_000_000;

/** The player's row: an object in the player's lane that crosses it is caught. */
export const PLAYER_ROW = 880_000;
