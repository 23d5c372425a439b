package com.loanflow.support;

import org.springframework.test.context.TestPropertySource;

/** Integration tests on H2, the single-machine default database (in memory here instead of under ./data). */
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:loanflow-it;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa",
        "spring.datasource.password="})
public abstract class H2IntegrationTest extends IntegrationTest {
}
