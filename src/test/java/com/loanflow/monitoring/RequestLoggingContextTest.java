package com.loanflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/** The ids in an API request's path are in the MDC while the request is handled, and gone after it. */
class RequestLoggingContextTest {

    private final RequestLoggingContext.IdsFromPath interceptor = new RequestLoggingContext.IdsFromPath();
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void givenALoanPath_whenHandled_thenTheLoanIdIsInTheMdcUntilTheRequestCompletes() {
        MockHttpServletRequest request = request("/api/loans/LN-9/payoff-quote", Map.of("loanId", "LN-9"));

        interceptor.preHandle(request, response, new Object());
        assertThat(MDC.get("loanId")).isEqualTo("LN-9");
        assertThat(MDC.get("noticeId")).isNull();

        interceptor.afterCompletion(request, response, new Object(), null);
        assertThat(MDC.get("loanId")).isNull();
    }

    @Test
    void givenANoticePath_whenHandled_thenTheNoticeIdIsInTheMdc() {
        MockHttpServletRequest request = request("/api/notices/NT-3/read", Map.of("noticeId", "NT-3"));

        interceptor.preHandle(request, response, new Object());

        assertThat(MDC.get("noticeId")).isEqualTo("NT-3");
        interceptor.afterCompletion(request, response, new Object(), null);
        assertThat(MDC.get("noticeId")).isNull();
    }

    @Test
    void givenAPathWithoutIds_whenHandled_thenTheMdcIsLeftAlone() {
        MDC.put("loanId", "SET-ELSEWHERE");
        MockHttpServletRequest request = request("/api/webhooks/twilio/receipts", Map.of("provider", "twilio"));

        interceptor.preHandle(request, response, new Object());
        interceptor.afterCompletion(request, response, new Object(), null);

        assertThat(MDC.get("loanId")).isEqualTo("SET-ELSEWHERE");
    }

    private static MockHttpServletRequest request(String path, Map<String, String> variables) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
        return request;
    }
}
