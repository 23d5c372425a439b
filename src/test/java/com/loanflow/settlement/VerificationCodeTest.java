package com.loanflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerificationCodeTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    // Expected codes computed independently:
    // python3 -c "import hashlib; d=hashlib.sha256(b'SC-7K3Q9X2M4TBW|9f86...0a08').hexdigest().upper()[:16]; print('-'.join(d[i:i+4] for i in range(0,16,4)))"
    @ParameterizedTest
    @CsvSource({
            "SC-7K3Q9X2M4TBW, 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, BE17-C11B-3930-401B",
            "SC-0000000000AB, 0000000000000000000000000000000000000000000000000000000000000000, 1FC4-E837-ADD6-683A"})
    void givenNumberAndHash_whenCoded_thenFirstSixteenHexOfSha256InGroupsOfFour(String number, String hash,
                                                                              String expected) {
        assertThat(VerificationCode.of(number, hash)).isEqualTo(expected);
    }

    @Test
    void givenOneHashCharacterChanged_whenCoded_thenCodeDiffers() {
        String altered = HASH.substring(0, 63) + "9";

        assertThat(VerificationCode.of("SC-7K3Q9X2M4TBW", altered))
                .matches("[0-9A-F]{4}(-[0-9A-F]{4}){3}")
                .isNotEqualTo(VerificationCode.of("SC-7K3Q9X2M4TBW", HASH));
    }
}
