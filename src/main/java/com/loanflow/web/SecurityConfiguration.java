package com.loanflow.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Three chains. The engine's REST API takes HTTP Basic of any LoanFlow user and leaves the rest to the engine's own
 * authorization checks. LoanFlow's API and actuator take HTTP Basic against the engine's identity service. The
 * Camunda webapps keep their own session login, CSRF protection and application authorizations, with the first-admin
 * setup page closed because LoanFlow always creates the administrator itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AuthenticationManager authenticationManager(IdentityServiceAuthenticationProvider provider) {
        return new ProviderManager(provider);
    }

    @Bean
    @Order(1)
    SecurityFilterChain engineRestSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
            IdentityService identityService, ObjectMapper objectMapper) throws Exception {
        // Path matchers, not MVC matchers: /engine-rest is served by Jersey, outside Spring MVC's servlet.
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(path.matcher("/engine-rest/**"))
                // Any LoanFlow user; what each group may see and do is the engine's authorizations' business.
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                // Only here does the engine learn who is calling: LoanFlow's API calls the engine as the system.
                .addFilterAfter(new EngineAuthenticationFilter(identityService), AuthorizationFilter.class);
        return statelessBasic(http, authenticationManager, new ProblemAuthenticationEntryPoint(objectMapper));
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
            ObjectMapper objectMapper) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        // The KPI page (/reports) is here too: a browser gets the same Basic challenge, logs in once, and the page's
        // own calls to /api/reports go out with that login.
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/actuator/**"),
                        path.matcher("/reports/**")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher("/actuator/health"), path.matcher("/actuator/health/**")).permitAll()
                        // Providers authenticate receipts with their own signature, checked by the webhook.
                        .requestMatchers(path.matcher("/api/webhooks/**")).permitAll()
                        .anyRequest().authenticated());
        return statelessBasic(http, authenticationManager, new ProblemAuthenticationEntryPoint(objectMapper));
    }

    private static SecurityFilterChain statelessBasic(HttpSecurity http, AuthenticationManager authenticationManager,
            ProblemAuthenticationEntryPoint problems) throws Exception {
        return http.authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain webappSecurity(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(path.matcher("/**"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher("/camunda/api/admin/setup/**")).denyAll()
                        .anyRequest().permitAll())
                // The Camunda webapps bring their own CSRF filter and security headers.
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .sessionManagement(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable);
        return http.build();
    }
}
