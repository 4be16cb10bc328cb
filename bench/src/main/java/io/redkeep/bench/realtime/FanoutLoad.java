package io.redkeep.bench.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One step of the fan-out benchmark: a constant offered send rate spread round-robin over
 * the senders for a warm-up and a measured period, then a drain. Every body carries the
 * sender's {@code System.nanoTime()} (sender and receivers live in this JVM), so a
 * receiver's frame gives the end-to-end latency: sender's send to receiver's frame,
 * through server, Redis and the other instance.
 */
final class FanoutLoad {

    /** A sender and the conversation it writes to. */
    record Sender(FanoutClient client, String conversationId) {
    }

    /**
     * What one step measured: {@code deliveredPerSecond} counts every message frame that
     * arrived during the measured period (what the system sustained); {@code delivered}
     * the frames of the messages sent in that period, however late (after the drain), and
     * {@code latency} their end-to-end latency.
     */
    record Result(String system, int offeredRate, long sent, long acked, long expected, long delivered,
            double deliveredPerSecond, Histogram latency, Histogram ackLatency, long errors, String firstError,
            long maxSchedulerLagMicros, String loadAverage) {

        double deliveredShare() {
            return (this.expected == 0) ? 0 : (double) this.delivered / this.expected;
        }

        double percentileMillis(double percentile) {
            return this.latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double ackPercentileMillis(double percentile) {
            return this.ackLatency.getValueAtPercentile(percentile) / 1000.0;
        }

    }

    private static final String MEASURED = "m";

    private static final String WARMUP = "w";

    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);

    /** Send to the sender's ack, of the measured sends acked by the end of the drain. */
    private final Recorder ackLatency = new Recorder(MAX_LATENCY_MICROS, 3);

    private final LongAdder delivered = new LongAdder();

    private final LongAdder deliveredInWindow = new LongAdder();

    private final LongAdder deliveredEver = new LongAdder();

    private volatile boolean measuring;

    /**
     * clientMsgId prefix of the current step's measured messages: only their acks count.
     */
    private volatile String measuredPrefix;

    /**
     * Body prefix of the current step's measured messages: only their deliveries count as
     * delivered and are timed (a late one from an earlier step is not).
     */
    private volatile String measuredBody = "";

    private final LongAdder acked = new LongAdder();

    private final LongAdder errors = new LongAdder();

    private volatile String firstError;

    private final AtomicLong sequence = new AtomicLong();

    private final String runId;

    FanoutLoad(String runId) {
        this.runId = runId;
    }

    /** The listener every receiver and sender connection of this load reports to. */
    FanoutClient.Listener listener() {
        return new FanoutClient.Listener() {
            @Override
            public void onMessage(String body) {
                recordDelivery(body);
            }

            @Override
            public void onAck(String clientMsgId) {
                recordAck(clientMsgId);
            }

            @Override
            public void onError(String code) {
                FanoutLoad.this.errors.increment();
                if (FanoutLoad.this.firstError == null) {
                    FanoutLoad.this.firstError = code;
                }
            }

            @Override
            public void onClosed(Throwable cause) {
                onError("connection closed: " + ((cause != null) ? cause.getMessage() : "by server"));
            }
        };
    }

    /**
     * Runs one step and returns its figures.
     * @param receiversPerConversation how many receivers get each message
     */
    Result run(String system, List<Sender> senders, int receiversPerConversation, int rate, Duration warmup,
            Duration measure, Duration drain) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long warmupMessages = warmup.toSeconds() * rate;
        long measuredMessages = measure.toSeconds() * rate;
        long start = System.nanoTime();
        long maxLag = 0;
        long errorsBefore = 0;
        long stepNumber = this.sequence.incrementAndGet();
        String step = this.runId + "-" + rate + "-" + stepNumber + "-";
        String bodyTag = "s" + stepNumber;
        this.measuredPrefix = step + MEASURED;
        this.measuredBody = bodyTag + MEASURED + ":";
        this.acked.reset();
        this.ackLatency.getIntervalHistogram();
        for (long i = 0; i < warmupMessages + measuredMessages; i++) {
            if (i == warmupMessages) {
                this.latency.getIntervalHistogram();
                this.ackLatency.getIntervalHistogram();
                this.acked.reset();
                this.delivered.reset();
                this.deliveredInWindow.reset();
                this.measuring = true;
                errorsBefore = this.errors.sum();
            }
            long due = start + i * interval;
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
            }
            else {
                maxLag = Math.max(maxLag, now - due);
            }
            Sender sender = senders.get((int) (i % senders.size()));
            String phase = (i < warmupMessages) ? WARMUP : MEASURED;
            long sentAt = System.nanoTime();
            // Both carry the send time: the body for the receivers, the clientMsgId (at
            // most 64 characters) for the ack.
            sender.client()
                .send(sender.conversationId(), bodyTag + phase + ":" + sentAt,
                        step + phase + this.sequence.incrementAndGet() + ":" + sentAt);
        }
        this.measuring = false;
        long sendEnd = System.nanoTime();
        long inWindow = this.deliveredInWindow.sum();
        String load = RealtimeFanout.loadAverage();
        LockSupport.parkNanos(drain.toNanos());
        double seconds = (sendEnd - start - warmup.toNanos()) / 1e9;
        // Acks and deliveries are both read at the end of the drain: an ack that comes
        // later counts as missing, like a late delivery.
        long deliveredCount = this.delivered.sum();
        long ackedCount = this.acked.sum();
        Histogram measuredLatency = this.latency.getIntervalHistogram();
        Histogram measuredAckLatency = this.ackLatency.getIntervalHistogram();
        this.measuredPrefix = null;
        quiesce();
        return new Result(system, rate, measuredMessages, ackedCount, measuredMessages * receiversPerConversation,
                deliveredCount, inWindow / seconds, measuredLatency, measuredAckLatency,
                this.errors.sum() - errorsBefore, this.firstError, TimeUnit.NANOSECONDS.toMicros(maxLag), load);
    }

    /**
     * Waits (up to a minute) until no message frame arrived for two seconds, so a backlog
     * an overloaded system still works off does not eat into the next step, which may be
     * the other system's.
     */
    private void quiesce() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = this.deliveredEver.sum();
            if (now == last) {
                return;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        }
        System.out.println("  (still delivering a backlog after a minute; the next step starts anyway)");
    }

    private void recordAck(String clientMsgId) {
        long received = System.nanoTime();
        String measured = this.measuredPrefix;
        if (measured == null || !clientMsgId.startsWith(measured)) {
            return;
        }
        this.acked.increment();
        int colon = clientMsgId.lastIndexOf(':');
        if (colon < 0) {
            return;
        }
        try {
            long sentAt = Long.parseLong(clientMsgId, colon + 1, clientMsgId.length(), 10);
            long micros = TimeUnit.NANOSECONDS.toMicros(received - sentAt);
            this.ackLatency.recordValue(Math.min(Math.max(0, micros), MAX_LATENCY_MICROS));
        }
        catch (NumberFormatException ex) {
            // not one of ours
        }
    }

    private void recordDelivery(String body) {
        long received = System.nanoTime();
        this.deliveredEver.increment();
        int colon = body.indexOf(':');
        if (colon < 0) {
            return;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(body, colon + 1, body.length(), 10);
        }
        catch (NumberFormatException ex) {
            return;
        }
        if (this.measuring) {
            this.deliveredInWindow.increment();
        }
        if (body.startsWith(this.measuredBody)) {
            this.delivered.increment();
            long micros = TimeUnit.NANOSECONDS.toMicros(received - sentAt);
            this.latency.recordValue(Math.min(Math.max(0, micros), MAX_LATENCY_MICROS));
        }
    }

}
