import { type Db, models } from '@far/db';
import { type ModelSpec, toModelSpec } from './ModelSpec.js';

/** One read of the whole catalogue, looked up in memory on the hot path. */
export type ModelCatalogue = {
  /** The active model `id`: what a request may ask for and a node may serve. */
  sellable(id: string): ModelSpec | undefined;
  /** The model `id`, retired included: a task admitted before it was retired settles at its price. */
  find(id: string): ModelSpec | undefined;
  /** Every catalogued model, retired included, by id. */
  list(): readonly ModelSpec[];
};

export type ReadModelCatalogueOptions = {
  /** How long one read is used as is (default 5 s): another replica's change shows within it. */
  cacheMs?: number;
  /** How long a read may still serve while a newer one is under way in the background (default 60 s). */
  maxStaleMs?: number;
};

type CachedCatalogue = {
  last: { catalogue: ModelCatalogue; readAt: number } | undefined;
  reading: Promise<ModelCatalogue> | undefined;
};

// Keyed by database so separate databases (tests, apps in one process) never share a catalogue.
const cache = new WeakMap<Db, CachedCatalogue>();

/**
 * The model catalogue, cached like the FAR/USD price: pricing and scheduling a request must not
 * query it each time. Concurrent callers share one read; past `cacheMs` the next caller starts a
 * read in the background and is served the last one, up to `maxStaleMs`. A change made through
 * this process ({@link invalidateModelCatalogue}) shows at once; one made by another replica within
 * `cacheMs`.
 *
 * @param db - the database holding `models`.
 * @returns the catalogue.
 * @example
 * const model = (await readModelCatalogue(db)).sellable('far-demo');
 */
export async function readModelCatalogue(
  db: Db,
  options: ReadModelCatalogueOptions = {},
): Promise<ModelCatalogue> {
  let entry = cache.get(db);
  if (entry === undefined) {
    entry = { last: undefined, reading: undefined };
    cache.set(db, entry);
  }
  const age = entry.last ? Date.now() - entry.last.readAt : Number.POSITIVE_INFINITY;
  if (entry.last && age < (options.cacheMs ?? 5_000)) return entry.last.catalogue;
  const reading = entry.reading ?? startRead(db, entry);
  if (entry.last && age < (options.maxStaleMs ?? 60_000)) {
    // A failed background read is not this caller's: the next one past the age tries again.
    reading.catch(() => {});
    return entry.last.catalogue;
  }
  return reading;
}

/**
 * Drops this process's cached catalogue of `db`, so the next read sees a change just written.
 *
 * @param db - the database whose `models` changed.
 */
export function invalidateModelCatalogue(db: Db): void {
  const entry = cache.get(db);
  if (!entry) return;
  entry.last = undefined;
  // A read already under way may predate the change: it answers its callers but is not kept.
  entry.reading = undefined;
}

function startRead(db: Db, entry: CachedCatalogue): Promise<ModelCatalogue> {
  const reading = readCatalogue(db)
    .then((catalogue) => {
      // An invalidation while this read ran may have missed its change: keep it uncached.
      if (entry.reading === reading) entry.last = { catalogue, readAt: Date.now() };
      return catalogue;
    })
    .finally(() => {
      if (entry.reading === reading) entry.reading = undefined;
    });
  entry.reading = reading;
  return reading;
}

async function readCatalogue(db: Db): Promise<ModelCatalogue> {
  const rows = await db.select().from(models).orderBy(models.id);
  const specs = rows.map(toModelSpec);
  const byId = new Map(specs.map((spec) => [spec.id, spec]));
  return {
    sellable: (id) => {
      const spec = byId.get(id);
      return spec?.status === 'active' ? spec : undefined;
    },
    find: (id) => byId.get(id),
    list: () => specs,
  };
}
