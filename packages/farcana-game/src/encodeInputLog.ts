import type { InputEvent } from './InputEvent';

/**
 * Writes moves as compact text: each move is its tick's distance from the previous move (the first
 * from tick 0) in decimal, then `L` or `R`. A 90 s round of busy play is a few kilobytes at most.
 *
 * @param events Moves in tick order.
 * @returns The log, e.g. `12L3R40L`.
 * @example
 * encodeInputLog([{ tick: 12, move: 'left' }, { tick: 15, move: 'right' }]); // '12L3R'
 */
export function encodeInputLog(events: readonly InputEvent[]): string {
  let previous = 0;
  let text = '';
  for (const event of events) {
    text += `${event.tick - previous}${event.move === 'left' ? 'L' : 'R'}`;
    previous = event.tick;
  }
  return text;
}
