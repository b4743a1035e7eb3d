package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevocationReasonTest {

    @ParameterizedTest
    @CsvSource({
        "unspecified, UNSPECIFIED, 0",
        "keycompromise, KEY_COMPROMISE, 1",
        "keyCompromise, KEY_COMPROMISE, 1",
        "key-compromise, KEY_COMPROMISE, 1",
        "affiliationchanged, AFFILIATION_CHANGED, 3",
        "superseded, SUPERSEDED, 4",
        "CESSATION_OF_OPERATION, CESSATION_OF_OPERATION, 5",
    })
    void readsCertbotsSpellingsAndSendsRfc5280Codes(String text, RevocationReason reason, int code) {
        assertThat(RevocationReason.parse(text)).isEqualTo(reason);
        assertThat(reason.code()).isEqualTo(code);
        assertThat(RevocationReason.parse(reason.label())).isEqualTo(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cacompromise", "certificatehold", "", "key compromise"})
    void refusesReasonsASubscriberCannotGiveAndListsTheOthers(String text) {
        assertThatThrownBy(() -> RevocationReason.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unspecified, keycompromise, affiliationchanged, superseded, cessationofoperation");
    }
}
