import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@image-scanner/logging';
import type { LoadedFeed } from '../feeds/loaded-feed.js';
import type { OscapRunner } from './oscap-runner.js';

type Verdict = 'valid' | 'invalid';

/**
 * Which feeds oscap found valid as a whole, by digest. oscap checks its input against the OVAL
 * schemas on every run, which costs a fixed 55 ms even for a tiny feed; once the whole feed has
 * passed, runs on cuts of it (pruned, binary-name and probe copies, whose shapes the tests
 * validate) can skip that. Until then runs validate themselves, so nothing waits for this.
 */
export class FeedValidations {
  private readonly verdicts = new Map<string, Promise<Verdict | undefined>>();
  private readonly settled = new Map<string, Verdict>();

  constructor(
    private readonly oscap: OscapRunner,
    private readonly workRoot: string,
    private readonly logger: Logger,
  ) {}

  /** True once the feed passed; otherwise starts checking it in the background. */
  isValid(feed: LoadedFeed): boolean {
    if (this.settled.get(feed.provenance.digest) === 'valid') return true;
    void this.check(feed);
    return false;
  }

  /** The feed's verdict, checking it once; undefined when oscap could not tell (retried later). */
  check(feed: LoadedFeed): Promise<Verdict | undefined> {
    const key = feed.provenance.digest;
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = this.validate(feed);
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }

  private async validate(feed: LoadedFeed): Promise<Verdict | undefined> {
    const key = feed.provenance.digest;
    const started = Date.now();
    await mkdir(this.workRoot, { recursive: true });
    const workDir = await mkdtemp(join(this.workRoot, 'validate-'));
    try {
      await this.oscap.validate(feed.path, workDir);
      this.settled.set(key, 'valid');
      this.logger.info(
        { feed: feed.provenance.source, durationMs: Date.now() - started },
        'feed validated',
      );
      return 'valid';
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ERR_FEED_INVALID') {
        // Kept as is: each run goes on validating its own cut, which is what oscap does anyway.
        this.settled.set(key, 'invalid');
        this.logger.warn({ feed: feed.provenance.source, err }, 'feed not valid as a whole');
        return 'invalid';
      }
      this.verdicts.delete(key);
      this.logger.warn({ feed: feed.provenance.source, err }, 'feed validation not finished');
      return undefined;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
