package com.loanflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

class BorrowerTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private final BorrowerTokens tokens = tokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    private static BorrowerTokens tokens(String secret, Clock clock) {
        return new BorrowerTokens(new BorrowerTokenSettings(secret, LIFETIME, false), clock);
    }

    @Test
    void givenIssuedToken_whenVerified_thenItsBorrowerAndLoanUntilItExpires() {
        BorrowerTokens.Issued issued = tokens.issue("BR-1", "LN-1");

        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(LIFETIME));
        assertThat(tokens.verify(issued.token()))
                .contains(new BorrowerPrincipal("BR-1", "LN-1", NOW.plus(LIFETIME)));
    }

    @Test
    void givenTokenAtOrPastItsExpiry_whenVerified_thenNotValid() {
        String lastSecond = tokens.issue("BR-1", "LN-1", NOW.minus(LIFETIME).plusSeconds(1)).token();
        String expiresNow = tokens.issue("BR-1", "LN-1", NOW.minus(LIFETIME)).token();

        assertThat(tokens.verify(lastSecond)).isPresent();
        assertThat(tokens.verify(expiresNow)).isEmpty();
    }

    @Test
    void givenPayloadChangedToAnotherLoan_whenVerified_thenNotValid() {
        String[] parts = tokens.issue("BR-1", "LN-1").token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String altered = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("LN-1", "LN-2").getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(altered + "." + parts[1])).isEmpty();
    }

    @Test
    void givenTokenSignedWithAnotherKey_whenVerified_thenNotValid() {
        String foreign = tokens("another secret, also at least 32 bytes", Clock.fixed(NOW, ZoneOffset.UTC))
                .issue("BR-1", "LN-1").token();

        assertThat(tokens.verify(foreign)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", ".", "a.", ".b", "a.b.c", "!!!.???", "eyJzdWIiOiJCUi0xIn0.c2ln"})
    void givenSomethingThatIsNotOurToken_whenVerified_thenNotValid(String token) {
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void givenAnOverlongToken_whenVerified_thenNotValid() {
        String genuine = tokens.issue("BR-1", "LN-1").token();

        assertThat(tokens.verify(genuine + "A".repeat(2000))).isEmpty();
    }

    @Test
    void givenNoSecret_whenNotRequired_thenAKeyOfThisStartThatNoOtherNodeShares() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BorrowerTokens thisStart = tokens(null, clock);
        BorrowerTokens nextStart = tokens("", clock);

        String token = thisStart.issue("BR-1", "LN-1").token();

        assertThat(thisStart.verify(token)).isPresent();
        assertThat(nextStart.verify(token)).isEmpty();
    }

    @Test
    void givenNoSecret_whenRequired_thenRefusesToStartNamingTheVariable() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new BorrowerTokens(new BorrowerTokenSettings(" ", LIFETIME, true), Clock.systemUTC()))
                .withMessageContaining("LOANFLOW_BORROWER_TOKEN_SECRET");
    }

    @Test
    void givenShortSecret_whenStarting_thenRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> tokens("only-sixteen-byte", Clock.systemUTC()))
                .withMessageContaining("at least 32");
    }

    @Test
    void givenThePostgresProfile_whenStarting_thenTheSecretIsRequired() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-postgres.yaml"));
        Properties postgres = yaml.getObject();

        assertThat(postgres).containsEntry("loanflow.borrower-token.secret-required", true);
    }

    @Test
    void givenSettings_whenPrinted_thenTheSecretIsHidden() {
        assertThat(new BorrowerTokenSettings(SECRET, LIFETIME, false).toString()).doesNotContain(SECRET);
    }
}
