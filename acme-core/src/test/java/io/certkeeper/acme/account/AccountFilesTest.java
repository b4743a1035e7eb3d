package io.certkeeper.acme.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
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

    /** Whoever could swap the account key could act as the account, and root would read it. */
    @Test
    void anAccountsDirectoryItsGroupMayWriteIsRefusedWithTheFix() throws Exception {
        AccountFiles files = stored(KeySpec.EC_P256.generate());
        Files.setPosixFilePermissions(accounts, PosixFilePermissions.fromString("rwxrwx---"));

        String fix = accounts + " is writable by its group (rwxrwx---); run chmod g-w " + accounts;
        assertThatThrownBy(files::readKey).isInstanceOf(UntrustedPathException.class)
                .hasMessage("Refusing the account key " + files.keyFile() + ": " + fix);
        assertThatThrownBy(files::readUrl).isInstanceOf(UntrustedPathException.class).hasMessageEndingWith(fix);
        assertThatThrownBy(() -> files.writeNextKey(KeySpec.EC_P256.generate())).isInstanceOf(UntrustedPathException.class)
                .hasMessageEndingWith(fix);
        assertThat(files.nextKeyFile()).doesNotExist();
    }

    @Test
    void anAccountKeyOthersMayWriteIsRefused() throws Exception {
        AccountFiles files = stored(KeySpec.EC_P256.generate());
        Files.setPosixFilePermissions(files.keyFile(), PosixFilePermissions.fromString("rw-----w-"));

        assertThatThrownBy(files::readKey).isInstanceOf(UntrustedPathException.class)
                .hasMessageEndingWith("run chmod o-w " + files.keyFile());
    }

    @Test
    void aNewAccountIsNotSavedBelowADirectoryOthersMayWrite() throws Exception {
        Files.setPosixFilePermissions(accounts, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> stored(KeySpec.EC_P256.generate())).isInstanceOf(UntrustedPathException.class)
                .hasMessageStartingWith("Refusing the account directory " + accounts.resolve("ca.test") + ": ");
        assertThat(accounts.resolve("ca.test")).doesNotExist();
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
