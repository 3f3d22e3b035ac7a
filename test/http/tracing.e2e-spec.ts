import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { Tracing } from '../../src/common/tracing/tracing';
import { appWithKey, startApp, type TestApp, uniqueDatabase } from '../harness/test-app';
import { eventually } from '../support/polling';

const PROVIDERS = JSON.stringify({ sms: [{ id: 'sms-traced', type: 'scripted' }] });

type Span = tracing.ReadableSpan;

const parentOf = (span: Span): string | undefined => span.parentSpanContext?.spanId;

/** The one span of `spans` with this name; fails when there is none or several. */
function only(spans: readonly Span[], name: string): Span {
  const named = spans.filter((span) => span.name === name);
  expect(named.map(({ name: found }) => found)).toEqual([name]);
  return named[0];
}

describe('one trace from the HTTP accept through the queue to the provider and the callback (FerretDB, BullMQ on Redis)', () => {
  const exporter = new tracing.InMemorySpanExporter();
  let sdk: Tracing;
  let t: TestApp;
  let key: string;
  let receiver: Server;

  beforeAll(async () => {
    sdk = Tracing.startWith('switchboard-test', [new tracing.SimpleSpanProcessor(exporter)]);
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await startApp(
      { scripted: true, mongo: true, redis: true, database: uniqueDatabase() },
      { PROVIDERS, OUTBOUND_ALLOW_PRIVATE: 'true' },
    );
    ({ key } = await appWithKey(t, { name: 'traced', rateLimitPerMinute: 100000 }));
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
    await sdk.shutdown();
  });

  it('links accept → dispatch → provider call → status callback in one trace', async () => {
    exporter.reset();
    const { port } = receiver.address() as AddressInfo;
    const accepted = await t.http
      .post('/api/v1/messages/sms')
      .set('x-api-key', key)
      .send({
        to: '+14155550100',
        body: 'traced',
        callbackUrl: `http://127.0.0.1:${port}/hooks/status`,
      })
      .expect(202);
    const messageId: string = accepted.body.messageId;

    const spans = await eventually(
      () => Promise.resolve(exporter.getFinishedSpans()),
      (finished) =>
        finished.some(
          ({ name, attributes }) =>
            name === 'callback' && attributes['switchboard.message.id'] === messageId,
        ),
      'the status callback span',
      30_000,
    );

    const accept = only(spans, 'POST /api/v1/messages/sms');
    expect(accept.kind).toBe(SpanKind.SERVER);
    expect(accept.attributes['http.response.status_code']).toBe(202);
    expect(parentOf(accept)).toBeUndefined();
    const { traceId } = accept.spanContext();
    const trace = spans.filter((span) => span.spanContext().traceId === traceId);

    const dispatch = only(trace, 'dispatch');
    expect(dispatch.kind).toBe(SpanKind.CONSUMER);
    expect(dispatch.attributes['switchboard.message.id']).toBe(messageId);
    expect(parentOf(dispatch)).toBe(accept.spanContext().spanId);

    const call = only(trace, 'provider.send');
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes['switchboard.provider']).toBe('sms-traced');
    expect(parentOf(call)).toBe(dispatch.spanContext().spanId);

    const callback = only(trace, 'callback');
    expect(callback.kind).toBe(SpanKind.CLIENT);
    expect(callback.attributes).toMatchObject({
      'switchboard.message.id': messageId,
      'switchboard.message.status': 'SENT',
      'switchboard.callback.delivered': true,
    });
    expect(parentOf(callback)).toBe(dispatch.spanContext().spanId);
  });
});
