package io.certkeeper.acme.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.AcmeSessions;
import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.AtomicFiles;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * {@link AccountService} against a real Pebble: a key change that is completed after the process
 * stopped in the middle of it, one the CA refuses, and deactivation.
 */
@RequiresPebble
class AccountServiceIT {

    private static final AccountOptions AGREED = new AccountOptions(Optional.of("ops@example.test"), true);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:34:56Z"), ZoneOffset.UTC);

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    private static CertificateAuthority ca;

    @TempDir
    Path accounts;

    @BeforeAll
    static void pointAtPebble() {
        ca = CertificateAuthority.of(pebble.directoryUrl().toString()).withCaBundle(pebble.caBundle());
    }

    private AccountService service() {
        return new AccountService(accounts, CLOCK);
    }

    private Path dir() {
        return accounts.resolve(ca.storageKey());
    }

    @Test
    void aKeyChangeTheCaTookBeforeTheProcessStoppedIsCompletedOnTheNextLogin() throws Exception {
        Login registered = service().login(ca, AcmeSessions.open(ca), AGREED, IssuanceListener.NONE);
        KeyPair oldKey = registered.getKeyPair();
        KeyPair newKey = KeySpec.EC_P256.generate();
        // What rollover leaves when it stops right after the CA's answer: the CA has the new key,
        // the side file holds it, account.key still holds the old one.
        writeSideFile(newKey);
        registered.getAccount().changeKey(newKey);

        RecordingListener listener = new RecordingListener();
        Login login = service().login(ca, AcmeSessions.open(ca), AGREED, listener);

        assertThat(login.getAccountLocation()).isEqualTo(registered.getAccountLocation());
        assertThat(login.getKeyPair().getPublic()).isEqualTo(newKey.getPublic());
        assertThat(listener.events).containsExactly("account " + registered.getAccountLocation() + " created=false");
        assertThat(storedKey().getPublic()).isEqualTo(newKey.getPublic());
        assertThat(Files.getPosixFilePermissions(dir().resolve("account.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir().resolve("account.key.next")).doesNotExist();
        assertThat(lookUp(oldKey)).isEmpty();
    }

    @Test
    void aSideFileTheCaNeverTookIsRemovedAndTheStoredKeyKept() throws Exception {
        Login registered = service().login(ca, AcmeSessions.open(ca), AGREED, IssuanceListener.NONE);
        writeSideFile(KeySpec.EC_P256.generate());

        Login login = service().login(ca, AcmeSessions.open(ca), AGREED, IssuanceListener.NONE);

        assertThat(login.getAccountLocation()).isEqualTo(registered.getAccountLocation());
        assertThat(login.getKeyPair().getPublic()).isEqualTo(registered.getKeyPair().getPublic());
        assertThat(storedKey().getPublic()).isEqualTo(registered.getKeyPair().getPublic());
        assertThat(dir().resolve("account.key.next")).doesNotExist();
    }

    @Test
    void aRolloverKeepsTheAccountAndTheCaRefusesTheOldKey() throws Exception {
        Login registered = service().login(ca, AcmeSessions.open(ca), AGREED, IssuanceListener.NONE);

        KeyChange change = service().rollover(ca, AcmeSessions.open(ca));

        assertThat(change.location()).isEqualTo(registered.getAccountLocation());
        assertThat(change.previousKey()).isEqualTo(AccountKey.of(registered.getKeyPair().getPublic()));
        assertThat(change.newKey()).isEqualTo(AccountKey.of(storedKey().getPublic())).isNotEqualTo(change.previousKey());
        assertThat(dir().resolve("account.key.next")).doesNotExist();
        assertThat(lookUp(registered.getKeyPair())).isEmpty();
        assertThat(lookUp(storedKey())).contains(registered.getAccountLocation());
    }

    @Test
    void aKeyTheCaRefusesLeavesTheOldKeyInUseAndNoSideFile() throws Exception {
        Login registered = service().login(ca, AcmeSessions.open(ca), AGREED, IssuanceListener.NONE);
        byte[] before = Files.readAllBytes(dir().resolve("account.key"));
        // Pebble refuses a new key that already identifies another account, as a server error: the
        // outcome is unclear until the CA is asked which key it knows.
        Login other = new AccountService(accounts.resolve("other")).login(ca, AcmeSessions.open(ca), AGREED,
                IssuanceListener.NONE);

        assertThatThrownBy(() -> service().rollover(ca, AcmeSessions.open(ca), other.getKeyPair()))
                .isInstanceOf(CertkeeperException.class)
                .hasMessageContaining("changing the account key", "already in use")
                .hasMessageNotContaining("stays in");

        assertThat(Files.readAllBytes(dir().resolve("account.key"))).isEqualTo(before);
        assertThat(dir().resolve("account.key.next")).doesNotExist();
        assertThat(lookUp(registered.getKeyPair())).contains(registered.getAccountLocation());
    }

    @Test
    void deactivationMovesTheFilesAsideAndTheNextLoginRegistersANewAccount() throws Exception {
        Login registered = service().login(ca, AcmeSessions.open(ca), AGREED, IssuanceListener.NONE);

        Deactivation deactivation = service().deactivate(ca, AcmeSessions.open(ca));

        assertThat(deactivation.location()).isEqualTo(registered.getAccountLocation());
        assertThat(deactivation.movedTo()).isEqualTo(accounts.resolve(ca.storageKey() + ".deactivated-20261130T123456Z"));
        assertThat(deactivation.movedTo().resolve("account.key")).isRegularFile();
        assertThat(dir()).doesNotExist();
        assertThat(service().hasAccount(ca)).isFalse();
        Login next = service().login(ca, AcmeSessions.open(ca), AGREED, IssuanceListener.NONE);
        assertThat(next.getAccountLocation()).isNotEqualTo(registered.getAccountLocation());
    }

    private void writeSideFile(KeyPair key) throws Exception {
        AtomicFiles.replace(dir().resolve("account.key.next"), Pem.encodeKeyPair(key).getBytes(StandardCharsets.US_ASCII),
                AtomicFiles.PRIVATE);
    }

    private KeyPair storedKey() throws Exception {
        return Pem.readKeyPair(Files.readString(dir().resolve("account.key"), StandardCharsets.US_ASCII));
    }

    /** The account the CA knows for a key, asked directly with acme4j. */
    private static Optional<URL> lookUp(KeyPair key) throws Exception {
        Session session = AcmeSessions.open(ca);
        try {
            return Optional.of(new AccountBuilder().onlyExisting().useKeyPair(key).createLogin(session).getAccountLocation());
        } catch (AcmeServerException e) {
            assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:accountDoesNotExist");
            return Optional.empty();
        }
    }

    /** Records the account events of a login. */
    private static final class RecordingListener implements IssuanceListener {

        final List<String> events = new ArrayList<>();

        @Override
        public void onAccount(URL location, boolean created) {
            events.add("account " + location + " created=" + created);
        }

        @Override
        public void onAccountUnknown(URL location) {
            events.add("unknown " + location);
        }
    }
}
