import { FIELD_HEIGHT, type GameState, LANES, PLAYER_ROW } from '@far/farcana-game';

/** Theme-independent colours of the playfield (the canvas cannot read CSS tokens cheaply per frame). */
const COLOURS = { field: '#0b1220', lane: '#1e293b', gem: '#22d3ee', rock: '#f97316', player: '#a78bfa' };

/**
 * Draws one frame of a round: lanes, falling gems and rocks, the player. Pure drawing over the
 * shared simulation's state, so what the player sees is what the server replays.
 *
 * @param context - the canvas's 2D context.
 * @param state - the round's state.
 */
export function drawGame(context: CanvasRenderingContext2D, state: GameState): void {
  const { width, height } = context.canvas;
  const laneWidth = width / LANES;
  const toY = (y: number) => (y / FIELD_HEIGHT) * height;
  context.fillStyle = COLOURS.field;
  context.fillRect(0, 0, width, height);
  context.fillStyle = COLOURS.lane;
  for (let lane = 1; lane < LANES; lane++) context.fillRect(lane * laneWidth - 1, 0, 2, height);
  const size = laneWidth * 0.5;
  for (const object of state.objects) {
    context.fillStyle = object.kind === 'gem' ? COLOURS.gem : COLOURS.rock;
    const x = object.lane * laneWidth + (laneWidth - size) / 2;
    if (object.kind === 'gem') {
      context.beginPath();
      context.arc(x + size / 2, toY(object.y), size / 2.6, 0, Math.PI * 2);
      context.fill();
    } else {
      context.fillRect(x, toY(object.y) - size / 2, size, size);
    }
  }
  context.fillStyle = COLOURS.player;
  const playerX = state.lane * laneWidth + (laneWidth - size) / 2;
  context.fillRect(playerX, toY(PLAYER_ROW), size, size * 0.6);
}
