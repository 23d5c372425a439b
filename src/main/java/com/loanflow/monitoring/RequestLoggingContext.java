package com.loanflow.monitoring;

import com.loanflow.common.LogContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the {@code loanId} and {@code noticeId} of an API request's path ({@code /api/loans/{loanId}/…},
 * {@code /api/notices/{noticeId}/…}) into the MDC for the rest of the request, so the controller's, the services'
 * and the engine's log lines of that request name them. Reads the path variables Spring MVC matched, so a new
 * endpoint using those names is covered without listing it here.
 */
@Configuration(proxyBeanMethods = false)
class RequestLoggingContext implements WebMvcConfigurer {

    private static final String SCOPE = RequestLoggingContext.class.getName() + ".scope";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new IdsFromPath());
    }

    static final class IdsFromPath implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path
                    && (path.containsKey(LogContext.LOAN_ID) || path.containsKey(LogContext.NOTICE_ID))) {
                request.setAttribute(SCOPE, LogContext.open(value(path, LogContext.LOAN_ID),
                        value(path, LogContext.NOTICE_ID), null));
            }
            return true;
        }

        @Override
        public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                    Exception ex) {
            if (request.getAttribute(SCOPE) instanceof LogContext.Scope scope) {
                request.removeAttribute(SCOPE);
                scope.close();
            }
        }

        private static String value(Map<?, ?> path, String name) {
            Object value = path.get(name);
            return value == null ? null : value.toString();
        }
    }
}
