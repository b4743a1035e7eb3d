package io.certkeeper.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.DomainName;
import org.junit.jupiter.api.Test;

class InMemoryChallengeStoreTest {

    private final InMemoryChallengeStore store = new InMemoryChallengeStore();
    private final Http01Token a = new Http01Token(DomainName.of("a.example.test"), "tokA", "tokA.thumb");
    private final Http01Token b = new Http01Token(DomainName.of("b.example.test"), "tokB", "tokB.thumb");

    @Test
    void servesEveryPresentTokenOnlyForItsOwnHost() {
        store.present(a);
        store.present(b);
        assertThat(store.keyAuthorization("a.example.test", "tokA")).contains("tokA.thumb");
        assertThat(store.keyAuthorization("b.example.test", "tokB")).contains("tokB.thumb");
        assertThat(store.keyAuthorization("b.example.test", "tokA")).isEmpty();
        assertThat(store.keyAuthorization("a.example.test", "other")).isEmpty();
    }

    @Test
    void presentAndCleanUpAreIdempotent() {
        store.present(a);
        store.present(a);
        assertThat(store.size()).isEqualTo(1);
        store.cleanUp(a);
        store.cleanUp(a);
        assertThat(store.size()).isZero();
        assertThat(store.keyAuthorization("a.example.test", "tokA")).isEmpty();
    }
}
