package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * The connections a run shares with one CA, against a real Pebble: the directory is fetched once
 * for every session and lookup, and the sessions of one CA go through one HTTP client.
 */
@RequiresPebble
class AcmeClientsIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    private CertificateAuthority ca() {
        return CertificateAuthority.of(pebble.directoryUrl().toString()).withCaBundle(pebble.caBundle());
    }

    @Test
    void sessionsOfOneCaShareTheClientAndTheDirectory() throws Exception {
        AcmeClients clients = new AcmeClients();
        Session first = clients.open(ca());
        Session second = clients.open(ca());
        Session elsewhere = new AcmeClients().open(ca());

        assertThat(second.provider()).isSameAs(first.provider());
        assertThat(second.getHttpClient()).isSameAs(first.getHttpClient());
        assertThat(elsewhere.getHttpClient()).isNotSameAs(first.getHttpClient());
        assertThat(first.resourceUrl(Resource.NEW_ORDER)).isEqualTo(second.resourceUrl(Resource.NEW_ORDER));
    }

    @Test
    void theDirectoryIsFetchedOnceForEveryLookupOfEverySession() throws Exception {
        CountingProvider counting = new CountingProvider();
        SharedClientProvider provider = new SharedClientProvider(counting, ca().caBundle().map(AcmeSessions::sslContext));
        Session first = AcmeSessions.open(ca(), provider);
        Session second = AcmeSessions.open(ca(), provider);

        first.getMetadata();
        first.resourceUrl(Resource.NEW_NONCE);
        first.resourceUrl(Resource.NEW_ACCOUNT);
        second.resourceUrl(Resource.NEW_ORDER);
        AcmeSessions.sibling(second).getMetadata();

        assertThat(counting.fetches).hasValue(1);
    }

    /** acme4j's own provider, counting the directories it fetches. */
    private static final class CountingProvider extends GenericAcmeProvider {
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public JSON directory(Session session, URI serverUri) throws AcmeException {
            JSON directory = super.directory(session, serverUri);
            if (directory != null) {
                fetches.incrementAndGet();
            }
            return directory;
        }
    }
}
