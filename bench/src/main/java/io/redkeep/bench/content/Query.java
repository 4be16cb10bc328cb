package io.redkeep.bench.content;

import java.util.UUID;

import io.redkeep.bench.content.ContentClient.Reply;
import reactor.core.publisher.Mono;

/** One search: who asks what. */
record Query(UUID user, String q) {

    Mono<Reply> ask(ContentClient client) {
        return client.search(this.user, this.q);
    }

}
