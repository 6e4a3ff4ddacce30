import { FIELD_HEIGHT, type GameState, LANES, PLAYER_ROW } from '@far/farcana-game';

type Palette = { field: string; lane: string; gem: string; rock: string; player: string };
const palettes = new WeakMap<HTMLCanvasElement, Palette>();

/**
 * The playfield's colours, from the theme tokens in globals.css: read once per canvas (a canvas
 * cannot use `var(--…)`, and reading computed style every frame would cost a style recalculation).
 */
function paletteOf(canvas: HTMLCanvasElement): Palette {
  const known = palettes.get(canvas);
  if (known) return known;
  const style = getComputedStyle(canvas);
  const token = (name: string) => style.getPropertyValue(`--color-${name}`).trim();
  const palette = {
    field: token('game-field'),
    lane: token('game-lane'),
    gem: token('game-gem'),
    rock: token('game-rock'),
    player: token('brand-soft'),
  };
  palettes.set(canvas, palette);
  return palette;
}

/**
 * Draws one frame of a round: lanes, falling gems and rocks, the player. Pure drawing over the
 * shared simulation's state, so what the player sees is what the server replays.
 *
 * @param context - the canvas's 2D context.
 * @param state - the round's state.
 */
export function drawGame(context: CanvasRenderingContext2D, state: GameState): void {
  const { width, height } = context.canvas;
  const colours = paletteOf(context.canvas);
  const laneWidth = width / LANES;
  const toY = (y: number) => (y / FIELD_HEIGHT) * height;
  context.fillStyle = colours.field;
  context.fillRect(0, 0, width, height);
  context.fillStyle = colours.lane;
  for (let lane = 1; lane < LANES; lane++) context.fillRect(lane * laneWidth - 1, 0, 2, height);
  const size = laneWidth * 0.5;
  for (const object of state.objects) {
    context.fillStyle = object.kind === 'gem' ? colours.gem : colours.rock;
    const x = object.lane * laneWidth + (laneWidth - size) / 2;
    if (object.kind === 'gem') {
      context.beginPath();
      context.arc(x + size / 2, toY(object.y), size / 2.6, 0, Math.PI * 2);
      context.fill();
    } else {
      context.fillRect(x, toY(object.y) - size / 2, size, size);
    }
  }
  context.fillStyle = colours.player;
  const playerX = state.lane * laneWidth + (laneWidth - size) / 2;
  context.fillRect(playerX, toY(PLAYER_ROW), size, size * 0.6);
}
