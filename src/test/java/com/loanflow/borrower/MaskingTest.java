package com.loanflow.borrower;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTest {

    @ParameterizedTest
    @CsvSource({
        "+8613800138000,   +86138****8000",   // mainland mobile: country code 86, 11-digit national number
        "+8613912345678,   +86139****5678",
        "+712345678901,    +7123****8901",    // one-digit country code
        "+35212345678901,  +352123****8901"   // three-digit country code
    })
    void givenLongE164Number_whenMasking_thenCountryCodeFirstThreeAndLastFourDigitsRemain(String phone,
            String masked) {
        assertThat(Masking.maskPhone(phone)).isEqualTo(masked).hasSameSizeAs(phone);
    }

    @ParameterizedTest
    @CsvSource({
        "+12025550123,     +*******0123",     // 10-digit national number would leave only 3 digits hidden
        "+447911123456,    +********3456",
        "+85291234567,     +*******4567",
        "+1234567,         +***4567"
    })
    void givenShortE164Number_whenMasking_thenOnlyLastFourDigitsRemain(String phone, String masked) {
        assertThat(Masking.maskPhone(phone)).isEqualTo(masked);
    }

    @Test
    void givenNonE164Input_whenMasking_thenAtMostTheLastFourCharactersRemain() {
        assertThat(Masking.maskPhone("138 0013 8000")).isEqualTo("*********8000");
        assertThat(Masking.maskPhone("95588")).isEqualTo("*****");
        assertThat(Masking.maskPhone("")).isEmpty();
    }

    @Test
    void givenNull_whenMasking_thenNull() {
        assertThat(Masking.maskPhone(null)).isNull();
        assertThat(Masking.maskEmail(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "zhang.wei@example.com,  z***@example.com",
        "a@b.cn,                 a***@b.cn",
        "张伟@example.cn,         张***@example.cn",
        "\"a@b\"@example.com,     \"***@example.com",   // the domain starts after the last @
        "@example.com,           ***@example.com",
        "not-an-email,           ***"
    })
    void givenEmail_whenMasking_thenFirstCharacterAndDomainRemain(String email, String masked) {
        assertThat(Masking.maskEmail(email)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({
        "SMS,    +8613800138000,                 +86138****8000",
        "EMAIL,  zhang.wei@example.com,          z***@example.com",
        "WECHAT, o6_bmjrPTlm6_2sgVt7hMZOPfL2M,   o6_b****fL2M",
        "PUSH,   device-token,                   devi****oken",
        "PUSH,   short,                          ****",
        "IN_APP, BR-7K3Q9X2M4TBW,                BR-7K3Q9X2M4TBW"
    })
    void givenAddressOfAChannel_whenMasking_thenMaskedTheWayThatChannelsAddressesAre(Channel channel, String address,
            String masked) {
        assertThat(Masking.maskAddress(channel, address)).isEqualTo(masked);
    }

    @Test
    void givenProviderTextQuotingTheAddress_whenHiding_thenEveryOccurrenceInAnyCaseIsMasked() {
        String reply = "550 5.1.1 <Zhang.Wei@Example.com>: Recipient address rejected; zhang.wei@example.com unknown";

        assertThat(Masking.hideIn(reply, "zhang.wei@example.com", "z***@example.com"))
                .isEqualTo("550 5.1.1 <z***@example.com>: Recipient address rejected; z***@example.com unknown");
    }

    @Test
    void givenNothingToHide_whenHiding_thenTextUnchanged() {
        assertThat(Masking.hideIn("Sandbox SMS gateway: invalid number", "+8613800138000", "+86138****8000"))
                .isEqualTo("Sandbox SMS gateway: invalid number");
        assertThat(Masking.hideIn("$1 and \\ stay", "", "***")).isEqualTo("$1 and \\ stay");
        assertThat(Masking.hideIn(null, "+8613800138000", "+86138****8000")).isNull();
        assertThat(Masking.hideIn("to a+b@example.com", "a+b@example.com", "$***\\")).isEqualTo("to $***\\");
    }
}
