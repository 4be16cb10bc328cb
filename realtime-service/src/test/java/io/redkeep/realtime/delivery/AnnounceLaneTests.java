package io.redkeep.realtime.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ordered announce lane: one announce at a time in submission order, and a full lane
 * holds the caller back until there is room.
 */
class AnnounceLaneTests {

    @Test
    void announcesRunOneAtATimeInSubmissionOrder() {
        AnnounceLane lane = new AnnounceLane(8);
        List<String> events = new ArrayList<>();
        List<Sinks.Empty<Void>> gates = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            Sinks.Empty<Void> gate = Sinks.empty();
            gates.add(gate);
            Mono<Void> announce = Mono.defer(() -> {
                events.add("start " + n);
                return gate.asMono().doOnSuccess((ignored) -> events.add("end " + n));
            });
            assertThat(lane.submit(announce).block(Duration.ofSeconds(1))).isNull();
        }
        assertThat(events).containsExactly("start 0");
        gates.get(0).tryEmitEmpty();
        assertThat(events).containsExactly("start 0", "end 0", "start 1");
        gates.get(1).tryEmitEmpty();
        gates.get(2).tryEmitEmpty();
        assertThat(events).containsExactly("start 0", "end 0", "start 1", "end 1", "start 2", "end 2");
    }

    @Test
    void aFailedAnnounceDoesNotStopTheLane() {
        AnnounceLane lane = new AnnounceLane(8);
        List<String> events = new ArrayList<>();
        lane.submit(Mono.error(new IllegalStateException("publish failed"))).block(Duration.ofSeconds(1));
        lane.submit(Mono.fromRunnable(() -> events.add("next"))).block(Duration.ofSeconds(1));
        assertThat(events).containsExactly("next");
    }

    @Test
    void anAnnounceThatNeverEndsDoesNotStopTheLane() {
        AnnounceLane lane = new AnnounceLane(4, Duration.ofMillis(100));
        List<String> events = new CopyOnWriteArrayList<>();
        lane.submit(Mono.never()).block(Duration.ofSeconds(1));
        lane.submit(Mono.fromRunnable(() -> events.add("next"))).block(Duration.ofSeconds(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!events.contains("next") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(events).containsExactly("next");
    }

    @Test
    void aFullLaneHoldsTheCallerBackUntilThereIsRoom() {
        AnnounceLane lane = new AnnounceLane(2);
        Sinks.Empty<Void> gate = Sinks.empty();
        // Running: the first; waiting: the next two, which fills the lane.
        lane.submit(gate.asMono()).block(Duration.ofSeconds(1));
        lane.submit(Mono.empty()).block(Duration.ofSeconds(1));
        Mono<Void> full = lane.submit(Mono.empty());
        Sinks.Empty<Void> released = Sinks.empty();
        full.subscribe(null, null, released::tryEmitEmpty);
        assertThat(lane.pending()).isEqualTo(3);
        assertThat(released.asMono().toFuture()).isNotDone();
        gate.tryEmitEmpty();
        assertThat(released.asMono().toFuture()).isDone();
        assertThat(lane.pending()).isZero();
    }

}
