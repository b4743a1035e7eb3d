package io.certkeeper.server;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import java.util.List;

/** Two tokens for two different hosts, as a CA would hand them out. */
final class TestTokens {

    static final Http01Token EXAMPLE_COM = new Http01Token(DomainName.of("example.com"),
            "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA",
            "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI");

    static final Http01Token WWW_EXAMPLE_ORG = new Http01Token(DomainName.of("www.example.org"),
            "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0",
            "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI");

    static final List<Http01Token> ALL = List.of(EXAMPLE_COM, WWW_EXAMPLE_ORG);

    private TestTokens() {
    }

    /** A fresh store with both tokens present. */
    static InMemoryChallengeStore store() {
        InMemoryChallengeStore store = new InMemoryChallengeStore();
        store.present(EXAMPLE_COM);
        store.present(WWW_EXAMPLE_ORG);
        return store;
    }

    static String path(Http01Token token) {
        return Http01Token.PATH_PREFIX + token.token();
    }
}
