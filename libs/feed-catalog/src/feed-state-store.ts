import type { Redis } from 'ioredis';
import type { FeedState } from './feed-state.js';

/** Largest state record accepted back from Redis; a state is a few hundred bytes. */
const MAX_STATE_BYTES = 64 * 1024;

/**
 * Feed states in one Redis hash (`<prefix>feeds`, one field per feed id): written by the
 * worker that syncs and by imports, read by the API for `GET /feeds`, which holds no feed
 * folder of its own.
 */
export class FeedStateStore {
  private readonly key: string;

  /** @param prefix key prefix shared with the scan records. @defaultValue `is:` */
  constructor(
    private readonly redis: Redis,
    prefix = 'is:',
  ) {
    this.key = `${prefix}feeds`;
  }

  async save(state: FeedState): Promise<void> {
    await this.redis.hset(this.key, state.id, JSON.stringify(state));
  }

  async get(id: string): Promise<FeedState | undefined> {
    const raw = await this.redis.hget(this.key, id);
    return raw === null ? undefined : parse(raw);
  }

  /** Every known feed state, by id. */
  async list(): Promise<FeedState[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.values(all)
      .map(parse)
      .filter((s): s is FeedState => s !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}

function parse(raw: string): FeedState | undefined {
  if (raw.length > MAX_STATE_BYTES) return undefined;
  try {
    return JSON.parse(raw) as FeedState;
  } catch {
    return undefined;
  }
}
