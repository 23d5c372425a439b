package com.loanflow.web;

import static com.loanflow.process.ProcessConstants.GROUP_CAMUNDA_ADMIN;
import static com.loanflow.process.ProcessConstants.GROUP_CUSTOMER_SERVICE;
import static com.loanflow.process.ProcessConstants.GROUP_INTEGRATION;
import static com.loanflow.process.ProcessConstants.GROUP_LOAN_SERVICING;
import static com.loanflow.process.ProcessConstants.GROUP_MONITORING;
import static com.loanflow.process.ProcessConstants.GROUP_RISK_MANAGERS;
import static com.loanflow.process.ProcessConstants.GROUP_RISK_OFFICERS;
import static com.loanflow.process.ProcessConstants.GROUP_SERVICING_MANAGERS;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;
import static org.springframework.security.authorization.AuthorityAuthorizationManager.hasAnyAuthority;
import static org.springframework.security.authorization.AuthorizationManagers.anyOf;

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
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Four chains. The engine's REST API takes HTTP Basic of any LoanFlow user and leaves the rest to the engine's own
 * authorization checks. The providers' receipt webhooks take no credentials at all: each webhook checks its
 * provider's signature. LoanFlow's API, actuator and the KPI pages take HTTP Basic (integrators, staff, managers) or
 * a borrower token, and are authorized by the table in {@link #apiSecurity}. The Camunda webapps keep their own
 * session login, CSRF protection and application authorizations, with the first-admin setup closed because LoanFlow
 * always creates the administrator itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Core banking, loan origination, payment system and borrower app backends. */
    private static final String[] INTEGRATORS = {GROUP_INTEGRATION, GROUP_CAMUNDA_ADMIN};
    /** Who may read a loan: integrators, and every staff member, since any of them may take a borrower's call. */
    private static final String[] READERS = {GROUP_INTEGRATION, GROUP_RISK_OFFICERS, GROUP_RISK_MANAGERS,
            GROUP_CUSTOMER_SERVICE, GROUP_LOAN_SERVICING, GROUP_SERVICING_MANAGERS, GROUP_CAMUNDA_ADMIN};
    private static final String[] MANAGERS = {GROUP_RISK_MANAGERS, GROUP_SERVICING_MANAGERS, GROUP_CAMUNDA_ADMIN};
    private static final String[] METRICS = {GROUP_RISK_MANAGERS, GROUP_SERVICING_MANAGERS, GROUP_MONITORING,
            GROUP_CAMUNDA_ADMIN};

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
    SecurityFilterChain webhookSecurity(HttpSecurity http) throws Exception {
        // Only the provider's signature authenticates a receipt: an Authorization header some provider adds (Twilio
        // sends Basic when the callback URL carries a user) must not be taken for a LoanFlow login and refused.
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/webhooks/**"))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
            BorrowerTokens borrowerTokens, BorrowerAccess borrower, ObjectMapper objectMapper) throws Exception {
        ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint(objectMapper);
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/actuator/**"),
                        path.matcher("/reports/**")))
                .authorizeHttpRequests(auth -> auth
                        // Load balancers and orchestrators probe without credentials; details only for METRICS.
                        .requestMatchers(path.matcher("/actuator/health"), path.matcher("/actuator/health/**"))
                        .permitAll()
                        // Metrics for the Prometheus scraper and the managers who watch them.
                        .requestMatchers(path.matcher("/actuator/**")).hasAnyAuthority(METRICS)
                        // What happens to the money is reported by the systems that move it.
                        .requestMatchers(path.matcher(POST, "/api/applications"),
                                path.matcher(POST, "/api/loans/{loanId}/contract-signature"),
                                path.matcher(POST, "/api/loans/{loanId}/repayments"),
                                path.matcher(POST, "/api/loans/{loanId}/repayments/{transactionId}/reversal"))
                        .hasAnyAuthority(INTEGRATORS)
                        // Only a system that has itself authenticated the borrower may hand them a link.
                        .requestMatchers(path.matcher(POST, "/api/loans/{loanId}/borrower-tokens"))
                        .hasAnyAuthority(INTEGRATORS)
                        // Self-service (S14): repayment progress, notice history and the certificate of one's own loan.
                        .requestMatchers(path.matcher(GET, "/api/loans/{loanId}"),
                                path.matcher(GET, "/api/loans/{loanId}/schedule"),
                                path.matcher(GET, "/api/loans/{loanId}/notices"),
                                path.matcher(GET, "/api/loans/{loanId}/settlement-certificate"))
                        .access(anyOf(hasAnyAuthority(READERS), borrower.ownLoan()))
                        .requestMatchers(path.matcher(GET, "/api/notices/{noticeId}"))
                        .access(anyOf(hasAnyAuthority(READERS), borrower.ownNotice()))
                        // Staff and systems' views; borrowers see their balance in the loan view.
                        .requestMatchers(path.matcher(GET, "/api/loans/{loanId}/payoff-quote"),
                                path.matcher(GET, "/api/loans/{loanId}/ledger"))
                        .hasAnyAuthority(READERS)
                        // 已读 is the borrower's word in a dispute (D11): no system or staff member says it for them.
                        // Staff who reached the borrower record that on the "Contact borrower" task instead.
                        .requestMatchers(path.matcher(POST, "/api/notices/{noticeId}/read"))
                        .access(borrower.ownNotice())
                        // New contact details come from the borrower, their app's backend, or the service agent who
                        // took the borrower's call.
                        .requestMatchers(path.matcher(PUT, "/api/loans/{loanId}/contacts"))
                        .access(anyOf(hasAnyAuthority(GROUP_INTEGRATION, GROUP_CUSTOMER_SERVICE, GROUP_CAMUNDA_ADMIN),
                                borrower.ownLoan()))
                        // What the sandbox providers were asked to send: the integrators' test double.
                        .requestMatchers(path.matcher("/api/sandbox/**")).hasAnyAuthority(INTEGRATORS)
                        // KPI report, as JSON and as a page a manager's browser opens (HTTP Basic prompts for a login).
                        .requestMatchers(path.matcher("/api/reports/**"), path.matcher("/reports/**"))
                        .hasAnyAuthority(MANAGERS)
                        // An endpoint without a rule above is for administrators until it gets one.
                        .anyRequest().hasAuthority(GROUP_CAMUNDA_ADMIN))
                .addFilterBefore(new BorrowerTokenFilter(borrowerTokens, problems), BasicAuthenticationFilter.class);
        return statelessBasic(http, authenticationManager, problems);
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
    @Order(4)
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
