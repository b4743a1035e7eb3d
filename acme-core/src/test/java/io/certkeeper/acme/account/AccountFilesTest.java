package io.certkeeper.acme.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.StoreIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account's files on disk, through each step of a key change and a deactivation. */
class AccountFilesTest {

    @TempDir
    Path accounts;

    private AccountFiles files() {
        return new AccountFiles(accounts.resolve("ca.test"));
    }

    private AccountFiles stored(KeyPair key) throws Exception {
        AccountFiles files = files();
        files.save(key, URI.create("https://ca.test/acct/1").toURL());
        return files;
    }

    @Test
    void aNewKeyWaitsInAPrivateSideFileUntilPromoted() throws Exception {
        KeyPair oldKey = KeySpec.EC_P256.generate();
        KeyPair newKey = KeySpec.EC_P256.generate();
        AccountFiles files = stored(oldKey);

        files.writeNextKey(newKey);

        assertThat(Files.getPosixFilePermissions(files.nextKeyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(files.readKey().getPublic()).isEqualTo(oldKey.getPublic());
        assertThat(files.readNextKey()).hasValueSatisfying(key -> assertThat(key.getPublic()).isEqualTo(newKey.getPublic()));

        files.promoteNextKey();

        assertThat(files.readKey().getPublic()).isEqualTo(newKey.getPublic());
        assertThat(Files.getPosixFilePermissions(files.keyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(files.nextKeyFile()).doesNotExist();
        assertThat(files.readNextKey()).isEmpty();
        assertThat(files.readUrl()).isEqualTo(URI.create("https://ca.test/acct/1").toURL());
    }

    @Test
    void aDiscardedSideFileLeavesTheKeyAsItWas() throws Exception {
        KeyPair oldKey = KeySpec.EC_P256.generate();
        AccountFiles files = stored(oldKey);
        files.writeNextKey(KeySpec.EC_P256.generate());

        files.discardNextKey();

        assertThat(files.nextKeyFile()).doesNotExist();
        assertThat(files.readKey().getPublic()).isEqualTo(oldKey.getPublic());
    }

    @Test
    void aDamagedSideFileIsNamedAndTheStoredKeyUntouched() throws Exception {
        KeyPair oldKey = KeySpec.EC_P256.generate();
        AccountFiles files = stored(oldKey);
        Files.writeString(files.nextKeyFile(), "-----BEGIN PRIVATE KEY-----\nnot a key\n");

        assertThatThrownBy(files::readNextKey).isInstanceOf(StoreIOException.class)
                .hasMessageContaining(files.nextKeyFile().toString(), "damaged");
        assertThat(files.readKey().getPublic()).isEqualTo(oldKey.getPublic());
    }

    @Test
    void aDeactivatedAccountMovesAsideUnderItsTime() throws Exception {
        AccountFiles files = stored(KeySpec.EC_P256.generate());

        Path moved = files.moveAside(Instant.parse("2026-11-30T01:02:03Z"));

        assertThat(moved).isEqualTo(accounts.resolve("ca.test.deactivated-20261130T010203Z"));
        assertThat(moved.resolve("account.key")).isRegularFile();
        assertThat(files.exist()).isFalse();
        assertThat(files.directory()).doesNotExist();
    }
}
