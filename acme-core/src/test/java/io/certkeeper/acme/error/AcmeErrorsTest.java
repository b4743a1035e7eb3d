package io.certkeeper.acme.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.toolbox.JSON;

class AcmeErrorsTest {

    private static AcmeServerException problem(String type, String detail) throws Exception {
        String json = "{\"type\":\"urn:ietf:params:acme:error:" + type + "\",\"detail\":\"" + detail + "\"}";
        return new AcmeServerException(new Problem(JSON.parse(json), URI.create("https://ca.test/acme").toURL()));
    }

    @Test
    void sendsACallAgainWhileTheCaRefusesItsNonce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AcmeServerException badNonce = problem("badNonce", "invalid anti-replay nonce");

        String result = AcmeErrors.call("polling the order", () -> {
            if (calls.incrementAndGet() < 3) {
                throw badNonce;
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void sendsAGetterAgainWhenItsLazyFetchMetARefusedNonce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AcmeServerException badNonce = problem("badNonce", "invalid anti-replay nonce");
        URL authorization = URI.create("https://ca.test/acme/authz/1").toURL();

        String result = AcmeErrors.call("reading an authorization", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new AcmeLazyLoadingException(org.shredzone.acme4j.Authorization.class, authorization, badNonce);
            }
            return "a.example.test";
        });

        assertThat(result).isEqualTo("a.example.test");
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpOnBadNoncesAfterAFewRoundsAsTemporary() throws Exception {
        AcmeServerException badNonce = problem("badNonce", "invalid anti-replay nonce");
        assertThatThrownBy(() -> AcmeErrors.call("polling the order", () -> {
            throw badNonce;
        })).isInstanceOf(CaUnreachableException.class).hasMessageContaining("polling the order");
    }

    @Test
    void neverRepeatsAnyOtherRefusal() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AcmeServerException rejected = problem("rejectedIdentifier", "blocked.example.test is blocked");

        assertThatThrownBy(() -> AcmeErrors.call("creating the order", () -> {
            calls.incrementAndGet();
            throw rejected;
        })).isInstanceOf(OrderFailedException.class).hasMessageContaining("rejectedIdentifier", "blocked.example.test");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRequiredExternalAccountBindingIsItsOwnType() throws Exception {
        CertkeeperException translated = AcmeErrors.translate(
                problem("externalAccountRequired", "newAccount requests must include an externalAccountBinding"),
                "registering an account");

        assertThat(translated).isInstanceOf(ExternalAccountBindingException.class)
                .hasMessageContaining("registering an account", "external account binding", "key identifier and HMAC key");
    }

    @Test
    void aConnectionTheCaClosedWhileItsAnswerWasReadIsTemporary() {
        CertkeeperException unchecked = AcmeErrors.translate(
                new java.io.UncheckedIOException(new java.io.IOException("closed")), "triggering the challenge for a.test");
        CertkeeperException wrapped = AcmeErrors.translate(
                new org.shredzone.acme4j.exception.AcmeException("reading", new java.io.IOException("closed")), "finalizing");

        assertThat(unchecked).isInstanceOf(CaUnreachableException.class)
                .hasMessageStartingWith("Cannot reach the CA while triggering the challenge for a.test: IOException: closed");
        assertThat(wrapped).isInstanceOf(CaUnreachableException.class).hasMessageContaining("try again");
        assertThat(AcmeErrors.translate(new IllegalStateException("odd"), "x")).isNotInstanceOf(CaUnreachableException.class);
    }
}
