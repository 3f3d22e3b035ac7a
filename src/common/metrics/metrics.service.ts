import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { routePattern } from '../http/route-pattern';
import { withDeadline } from '../tasks/deadline';

/** Sets one series of a gauge being read. */
export type GaugeSetter<L extends string> = (value: number, labels?: Record<L, string>) => void;

export interface GaugeDefinition<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
}

/** A scrape does not wait longer than this for one gauge's reading. */
const READ_DEADLINE_MS = 2_000;

/** Prometheus metrics of this process: its own registry, HTTP counts and latency by route. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger(MetricsService.name);
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware: times each request and labels it with the matched route pattern. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = {
        method: req.method,
        route: routePattern(req),
        status: String(res.statusCode),
      };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  /**
   * A gauge read afresh at every scrape by `read`. A reading that fails or takes too long leaves
   * the gauge empty for that scrape, and is logged, rather than failing the whole of `/metrics`.
   */
  gauge<L extends string>(
    definition: GaugeDefinition<L>,
    read: (set: GaugeSetter<L>) => Promise<void> | void,
  ): void {
    const { name, help, labelNames = [] } = definition;
    const logger = this.logger;
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        const set: GaugeSetter<L> = (value, labels) => {
          if (labels) this.set(labels, value);
          else this.set(value);
        };
        try {
          await withDeadline(
            Promise.resolve(read(set)),
            READ_DEADLINE_MS,
            () => new Error(`no reading within ${READ_DEADLINE_MS} ms`),
          );
        } catch (error) {
          this.reset();
          logger.warn(`metric ${name} is left empty: ${String(error)}`);
        }
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
