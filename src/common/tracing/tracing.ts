import { NodeSDK, type tracing } from '@opentelemetry/sdk-node';
import type { TracingSettings } from '../config/settings';

/**
 * The OpenTelemetry SDK of this process, for traces only: metrics are Prometheus's (`/metrics`)
 * and logs are pino's. The spans are the service's own (`inSpan`), with no automatic
 * instrumentation of libraries.
 */
export class Tracing {
  private constructor(private readonly sdk: NodeSDK) {}

  /**
   * Starts exporting over OTLP when an endpoint is set; the SDK reads it and the other standard
   * `OTEL_EXPORTER_OTLP_*` variables (protocol, headers) itself. Undefined when unset: spans are
   * then no-ops and cost next to nothing.
   */
  static start(settings: TracingSettings): Tracing | undefined {
    return settings.otlpEndpoint ? Tracing.startWith(settings.serviceName) : undefined;
  }

  /** Starts with these span processors, or the exporter the environment names when none. */
  static startWith(serviceName: string, spanProcessors?: tracing.SpanProcessor[]): Tracing {
    const sdk = new NodeSDK({
      serviceName,
      metricReaders: [],
      logRecordProcessors: [],
      instrumentations: [],
      ...(spanProcessors ? { spanProcessors } : {}),
    });
    sdk.start();
    return new Tracing(sdk);
  }

  /** Exports the spans still buffered and stops. */
  shutdown(): Promise<void> {
    return this.sdk.shutdown();
  }
}
