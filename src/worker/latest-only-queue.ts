/**
 * Sequencing for requests where only the newest input matters — a review re-run on every
 * move of a dragged vertex. Pure: it knows nothing of workers, so it is tested with a fake
 * runner (tests/unit/analysis-worker.test.ts).
 *
 * Rules:
 * 1. At most one request runs at a time; at most one waits (a single slot).
 * 2. A request that arrives while one runs takes the slot; the request it pushes out of the
 *    slot resolves at once as superseded and is never run (its input is already stale).
 * 3. The running request is not dropped when a newer one arrives: its result is delivered,
 *    then the waiting one starts. Dropping it too would starve the panel during a drag —
 *    every run would be overtaken before it finished and nothing would ever be shown; this
 *    way the panel updates once per run and the last result is always for the last input.
 * 4. Because runs never overlap, results arrive in request order: an older result can
 *    never overwrite a newer one.
 * 5. A request whose signal aborts resolves at once as cancelled; if it was waiting it
 *    leaves the slot, if it was running the runner is told through the same signal.
 */

/** Why a request got no result of its own: a newer one replaced it, its signal aborted, or the runner threw. */
export type DropReason = 'superseded' | 'cancelled' | 'failed';

interface Waiting<Request, Response> {
  request: Request;
  signal?: AbortSignal;
  resolve: (response: Response) => void;
  onAbort?: () => void;
}

export class LatestOnlyQueue<Request, Response> {
  private running = false;
  private waiting: Waiting<Request, Response> | undefined;

  /**
   * @param run does the work; should resolve (failures are values)
   * @param dropped the response given to a request that is superseded, cancelled, or whose run threw
   */
  constructor(
    private readonly run: (request: Request, signal?: AbortSignal) => Promise<Response>,
    private readonly dropped: (reason: DropReason, error?: unknown) => Response,
  ) {}

  /** true while a request runs. */
  get busy(): boolean {
    return this.running;
  }

  /** true while a request waits for the running one to finish. */
  get hasWaiting(): boolean {
    return this.waiting !== undefined;
  }

  submit(request: Request, signal?: AbortSignal): Promise<Response> {
    if (signal?.aborted) return Promise.resolve(this.dropped('cancelled'));
    return new Promise<Response>((resolve) => {
      const entry: Waiting<Request, Response> = { request, signal, resolve };
      if (!this.running) {
        this.start(entry);
        return;
      }
      const pushedOut = this.waiting;
      this.waiting = entry;
      if (pushedOut) this.leave(pushedOut, 'superseded');
      if (signal) {
        entry.onAbort = () => {
          if (this.waiting === entry) this.waiting = undefined;
          this.leave(entry, 'cancelled');
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
    });
  }

  private leave(entry: Waiting<Request, Response>, reason: DropReason): void {
    if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
    entry.resolve(this.dropped(reason));
  }

  private start(entry: Waiting<Request, Response>): void {
    if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
    this.running = true;
    let outcome: Promise<Response>;
    try {
      outcome = this.run(entry.request, entry.signal);
    } catch (error) {
      outcome = Promise.reject(error);
    }
    void outcome
      // A runner that throws must not wedge the queue or leave its caller waiting.
      .then(entry.resolve, (error: unknown) => entry.resolve(this.dropped('failed', error)))
      .finally(() => {
        this.running = false;
        const next = this.waiting;
        this.waiting = undefined;
        if (next) this.start(next);
      });
  }
}
